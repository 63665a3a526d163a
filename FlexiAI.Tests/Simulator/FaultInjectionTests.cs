using System.Net;
using System.Text.Json;
using static FlexiAI.Tests.Simulator.SimulatorHttp;

namespace FlexiAI.Tests.Simulator;

public sealed class FaultInjectionTests(SimulatorFixture simulator) : IClassFixture<SimulatorFixture>, IAsyncLifetime
{
    private const string OpenAIPath = "sim-openai/v1/chat/completions";
    private const string AnthropicPath = "sim-anthropic/v1/messages";
    private const string OpenAIBody = """{"model":"m","messages":[{"role":"user","content":"hi"}]}""";
    private const string OpenAIStreamBody = """{"model":"m","stream":true,"messages":[{"role":"user","content":"hi"}]}""";
    private const string AnthropicBody = """{"model":"m","max_tokens":100,"messages":[{"role":"user","content":"hi"}]}""";
    private const string AnthropicStreamBody = """{"model":"m","max_tokens":100,"stream":true,"messages":[{"role":"user","content":"hi"}]}""";

    public ValueTask InitializeAsync() => new(simulator.ResetAsync(TestContext.Current.CancellationToken));

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    [Fact]
    public async Task Error_answers_the_status_in_the_OpenAI_error_shape()
    {
        var ct = TestContext.Current.CancellationToken;
        await simulator.SetFaultAsync(SimulatorFixture.OpenAIProvider, new { mode = "error", status = 503 }, ct);

        var root = await PostForJsonAsync(simulator.Client, OpenAIPath, OpenAIBody, 503, ct);

        Assert.Equal("server_error", root.GetProperty("error").GetProperty("type").GetString());
        Assert.Equal(1, (await simulator.GetStatsAsync(SimulatorFixture.OpenAIProvider, ct)).GetProperty("error").GetInt64());
    }

    [Fact]
    public async Task Error_defaults_to_500_and_uses_the_Anthropic_error_shape()
    {
        var ct = TestContext.Current.CancellationToken;
        var stored = await simulator.SetFaultAsync(SimulatorFixture.AnthropicProvider, new { mode = "error" }, ct);
        Assert.Equal(500, stored.GetProperty("status").GetInt32());

        var root = await PostForJsonAsync(simulator.Client, AnthropicPath, AnthropicBody, 500, ct);

        Assert.Equal("error", root.GetProperty("type").GetString());
        Assert.Equal("api_error", root.GetProperty("error").GetProperty("type").GetString());
    }

    [Fact]
    public async Task Rate_limit_answers_429_with_retry_after_in_both_protocols()
    {
        var ct = TestContext.Current.CancellationToken;
        await simulator.SetFaultAsync(SimulatorFixture.OpenAIProvider, new { mode = "rate_limit", retry_after_s = 7 }, ct);
        await simulator.SetFaultAsync(SimulatorFixture.AnthropicProvider, new { mode = "rate_limit" }, ct);

        using (var openAI = await PostAsync(simulator.Client, OpenAIPath, OpenAIBody, ct))
        {
            Assert.Equal(HttpStatusCode.TooManyRequests, openAI.StatusCode);
            Assert.Equal(TimeSpan.FromSeconds(7), openAI.Headers.RetryAfter?.Delta);
            using var body = JsonDocument.Parse(await openAI.Content.ReadAsStringAsync(ct));
            Assert.Equal("rate_limit_exceeded", body.RootElement.GetProperty("error").GetProperty("code").GetString());
        }

        using var anthropic = await PostAsync(simulator.Client, AnthropicPath, AnthropicBody, ct);
        Assert.Equal(HttpStatusCode.TooManyRequests, anthropic.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(10), anthropic.Headers.RetryAfter?.Delta);
        using var error = JsonDocument.Parse(await anthropic.Content.ReadAsStringAsync(ct));
        Assert.Equal("rate_limit_error", error.RootElement.GetProperty("error").GetProperty("type").GetString());
    }

    [Theory]
    [InlineData(OpenAIPath, OpenAIBody)]
    [InlineData(AnthropicPath, AnthropicBody)]
    public async Task Malformed_answers_200_json_that_does_not_parse(string path, string body)
    {
        var ct = TestContext.Current.CancellationToken;
        await simulator.SetFaultAsync(path.Split('/')[0], new { mode = "malformed" }, ct);

        using var response = await PostAsync(simulator.Client, path, body, ct);
        var text = await response.Content.ReadAsStringAsync(ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.StartsWith("{", text, StringComparison.Ordinal);
        Assert.ThrowsAny<JsonException>(() => JsonDocument.Parse(text).Dispose());
    }

    [Theory]
    [InlineData(OpenAIPath, OpenAIStreamBody)]
    [InlineData(AnthropicPath, AnthropicStreamBody)]
    public async Task Malformed_stream_sends_one_event_that_does_not_parse(string path, string body)
    {
        var ct = TestContext.Current.CancellationToken;
        await simulator.SetFaultAsync(path.Split('/')[0], new { mode = "malformed" }, ct);

        using var response = await PostAsync(simulator.Client, path, body, ct);
        var events = await ServerSentEvents.ReadAllAsync(await response.Content.ReadAsStreamAsync(ct), ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        var only = Assert.Single(events);
        Assert.ThrowsAny<JsonException>(() => only.Json);
    }

    [Theory]
    [InlineData(OpenAIPath, OpenAIStreamBody, 0)]
    [InlineData(OpenAIPath, OpenAIStreamBody, 2)]
    [InlineData(AnthropicPath, AnthropicStreamBody, 5)]
    public async Task Drop_mid_stream_aborts_the_connection_after_n_events(string path, string body, int afterChunks)
    {
        var ct = TestContext.Current.CancellationToken;
        await simulator.SetFaultAsync(path.Split('/')[0], new { mode = "drop_mid_stream", after_chunks = afterChunks }, ct);

        using var response = await PostAsync(simulator.Client, path, body, ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var received = new List<ServerSentEvent>();
        var failure = await Record.ExceptionAsync(async () =>
        {
            await foreach (var e in ServerSentEvents.ReadAsync(await response.Content.ReadAsStreamAsync(ct), ct))
            {
                received.Add(e);
            }
        });

        Assert.True(failure is IOException or HttpRequestException, $"Expected a broken connection, got {failure?.GetType().Name ?? "a complete stream"}");
        Assert.Equal(afterChunks, received.Count);
        Assert.All(received, e => Assert.Equal(JsonValueKind.Object, e.Json.ValueKind));
    }

    [Fact]
    public async Task Drop_mid_stream_without_streaming_aborts_halfway_through_the_body()
    {
        var ct = TestContext.Current.CancellationToken;
        await simulator.SetFaultAsync(SimulatorFixture.OpenAIProvider, new { mode = "drop_mid_stream" }, ct);

        var failure = await Record.ExceptionAsync(async () =>
        {
            using var response = await simulator.Client.PostAsync(OpenAIPath, Json(OpenAIBody), ct);
        });

        Assert.True(failure is IOException or HttpRequestException, $"Expected a broken connection, got {failure?.GetType().Name ?? "a complete body"}");
        Assert.Equal(1, (await simulator.GetStatsAsync(SimulatorFixture.OpenAIProvider, ct)).GetProperty("drop_mid_stream").GetInt64());
    }

    [Theory]
    [InlineData(OpenAIPath, OpenAIBody)]
    [InlineData(OpenAIPath, OpenAIStreamBody)]
    [InlineData(AnthropicPath, AnthropicStreamBody)]
    public async Task Timeout_never_answers_before_the_client_gives_up(string path, string body)
    {
        var ct = TestContext.Current.CancellationToken;
        var provider = path.Split('/')[0];
        await simulator.SetFaultAsync(provider, new { mode = "timeout" }, ct);

        using var clientTimeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        clientTimeout.CancelAfter(TimeSpan.FromMilliseconds(300));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => PostAsync(simulator.Client, path, body, clientTimeout.Token));

        Assert.False(ct.IsCancellationRequested);
        var stats = await simulator.GetStatsAsync(provider, ct);
        Assert.Equal(1, stats.GetProperty("timeout").GetInt64());
        Assert.Equal(0, stats.GetProperty("ok").GetInt64());
    }

    [Fact]
    public async Task Error_rate_zero_never_faults_and_one_always_does()
    {
        var ct = TestContext.Current.CancellationToken;
        await simulator.SetFaultAsync(SimulatorFixture.OpenAIProvider, new { mode = "error", error_rate = 0.0 }, ct);
        await PostForJsonAsync(simulator.Client, OpenAIPath, OpenAIBody, 200, ct);

        await simulator.SetFaultAsync(SimulatorFixture.OpenAIProvider, new { mode = "error", error_rate = 1.0 }, ct);
        await PostForJsonAsync(simulator.Client, OpenAIPath, OpenAIBody, 500, ct);

        var stats = await simulator.GetStatsAsync(SimulatorFixture.OpenAIProvider, ct);
        Assert.Equal(1, stats.GetProperty("ok").GetInt64());
        Assert.Equal(1, stats.GetProperty("error").GetInt64());
    }

    [Fact]
    public async Task Partial_error_rate_faults_some_calls_and_not_others()
    {
        var ct = TestContext.Current.CancellationToken;
        await simulator.SetFaultAsync(SimulatorFixture.OpenAIProvider, new { mode = "error", status = 502, error_rate = 0.5 }, ct);

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 60; i++)
        {
            using var response = await simulator.Client.PostAsync(OpenAIPath, Json(OpenAIBody), ct);
            statuses.Add(response.StatusCode);
        }

        // Chance that 60 fair draws all agree: 2^-59.
        Assert.Contains(HttpStatusCode.OK, statuses);
        Assert.Contains(HttpStatusCode.BadGateway, statuses);
        Assert.All(statuses, s => Assert.True(s is HttpStatusCode.OK or HttpStatusCode.BadGateway));
        var stats = await simulator.GetStatsAsync(SimulatorFixture.OpenAIProvider, ct);
        Assert.Equal(statuses.Count(s => s == HttpStatusCode.OK), stats.GetProperty("ok").GetInt64());
        Assert.Equal(statuses.Count(s => s == HttpStatusCode.BadGateway), stats.GetProperty("error").GetInt64());
    }

    [Fact]
    public async Task Clearing_faults_makes_providers_healthy_again()
    {
        var ct = TestContext.Current.CancellationToken;
        await simulator.SetFaultAsync(SimulatorFixture.OpenAIProvider, new { mode = "error" }, ct);
        await simulator.SetFaultAsync(SimulatorFixture.AnthropicProvider, new { mode = "error" }, ct);

        using (var one = await simulator.Client.DeleteAsync("faults/sim-openai", ct))
        {
            Assert.Equal(HttpStatusCode.NoContent, one.StatusCode);
        }

        await PostForJsonAsync(simulator.Client, OpenAIPath, OpenAIBody, 200, ct);
        await PostForJsonAsync(simulator.Client, AnthropicPath, AnthropicBody, 500, ct);

        using (var all = await simulator.Client.DeleteAsync("faults", ct))
        {
            Assert.Equal(HttpStatusCode.NoContent, all.StatusCode);
        }

        await PostForJsonAsync(simulator.Client, AnthropicPath, AnthropicBody, 200, ct);
    }
}
