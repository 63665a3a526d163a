using System.Net;
using System.Text;
using System.Text.Json;
using static FlexiAI.Tests.Simulator.SimulatorHttp;

namespace FlexiAI.Tests.Simulator;

public sealed class AnthropicProtocolTests(SimulatorFixture simulator) : IClassFixture<SimulatorFixture>, IAsyncLifetime
{
    private const string Path = "sim-anthropic/v1/messages";

    // system 14 + user 30 characters: ceil(44 / 4) + 3 * 2 = 17 input tokens.
    private const string Request = """
        "model":"claude-test","max_tokens":1024,"system":"You are terse.",
        "messages":[{"role":"user","content":[{"type":"text","text":"What is the capital of France?"}]}]
        """;

    public ValueTask InitializeAsync() => new(simulator.ResetAsync(TestContext.Current.CancellationToken));

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    [Fact]
    public async Task Non_streaming_message_has_the_Anthropic_shape_and_usage()
    {
        var ct = TestContext.Current.CancellationToken;
        var root = await PostForJsonAsync(simulator.Client, Path, $$"""{{{Request}},"temperature":0.5}""", 200, ct);

        Assert.StartsWith("msg_", root.GetProperty("id").GetString(), StringComparison.Ordinal);
        Assert.Equal("message", root.GetProperty("type").GetString());
        Assert.Equal("assistant", root.GetProperty("role").GetString());
        Assert.Equal("claude-test", root.GetProperty("model").GetString());
        Assert.Equal("end_turn", root.GetProperty("stop_reason").GetString());
        Assert.Equal(JsonValueKind.Null, root.GetProperty("stop_sequence").ValueKind);

        var block = Assert.Single(root.GetProperty("content").EnumerateArray());
        Assert.Equal("text", block.GetProperty("type").GetString());
        var text = block.GetProperty("text").GetString()!;
        Assert.StartsWith("Hello from sim-anthropic. You said: What is the capital of France?", text, StringComparison.Ordinal);

        var usage = root.GetProperty("usage");
        Assert.Equal(17, usage.GetProperty("input_tokens").GetInt32());
        Assert.Equal(text.Split(' ').Length, usage.GetProperty("output_tokens").GetInt32());
    }

    [Fact]
    public async Task Max_tokens_truncates_with_stop_reason_max_tokens()
    {
        var ct = TestContext.Current.CancellationToken;
        var root = await PostForJsonAsync(
            simulator.Client, Path, """{"model":"c","max_tokens":6,"messages":[{"role":"user","content":"hi"}]}""", 200, ct);

        Assert.Equal("max_tokens", root.GetProperty("stop_reason").GetString());
        Assert.Equal(6, root.GetProperty("content")[0].GetProperty("text").GetString()!.Split(' ').Length);
        Assert.Equal(6, root.GetProperty("usage").GetProperty("output_tokens").GetInt32());
    }

    [Fact]
    public async Task Streaming_sends_the_Anthropic_event_sequence()
    {
        var ct = TestContext.Current.CancellationToken;
        var expected = (await PostForJsonAsync(simulator.Client, Path, $$"""{{{Request}}}""", 200, ct))
            .GetProperty("content")[0].GetProperty("text").GetString();

        using var response = await PostAsync(simulator.Client, Path, $$"""{{{Request}},"stream":true}""", ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        var events = await ServerSentEvents.ReadAllAsync(await response.Content.ReadAsStreamAsync(ct), ct);

        string[] expectedNames =
        [
            "message_start", "content_block_start", "ping",
            .. Enumerable.Repeat("content_block_delta", 40),
            "content_block_stop", "message_delta", "message_stop",
        ];
        Assert.Equal(expectedNames, events.Select(e => e.Event));
        Assert.All(events, e => Assert.Equal(e.Event, e.Json.GetProperty("type").GetString()));

        var message = events[0].Json.GetProperty("message");
        Assert.StartsWith("msg_", message.GetProperty("id").GetString(), StringComparison.Ordinal);
        Assert.Equal("message", message.GetProperty("type").GetString());
        Assert.Equal("assistant", message.GetProperty("role").GetString());
        Assert.Equal("claude-test", message.GetProperty("model").GetString());
        Assert.Equal(0, message.GetProperty("content").GetArrayLength());
        Assert.Equal(JsonValueKind.Null, message.GetProperty("stop_reason").ValueKind);
        Assert.Equal(17, message.GetProperty("usage").GetProperty("input_tokens").GetInt32());
        Assert.Equal(1, message.GetProperty("usage").GetProperty("output_tokens").GetInt32());

        var blockStart = events[1].Json;
        Assert.Equal(0, blockStart.GetProperty("index").GetInt32());
        Assert.Equal("text", blockStart.GetProperty("content_block").GetProperty("type").GetString());
        Assert.Equal("", blockStart.GetProperty("content_block").GetProperty("text").GetString());

        var text = new StringBuilder();
        foreach (var delta in events[3..43].Select(e => e.Json))
        {
            Assert.Equal(0, delta.GetProperty("index").GetInt32());
            Assert.Equal("text_delta", delta.GetProperty("delta").GetProperty("type").GetString());
            text.Append(delta.GetProperty("delta").GetProperty("text").GetString());
        }

        Assert.Equal(expected, text.ToString());
        Assert.Equal(0, events[43].Json.GetProperty("index").GetInt32());

        var messageDelta = events[44].Json;
        Assert.Equal("end_turn", messageDelta.GetProperty("delta").GetProperty("stop_reason").GetString());
        Assert.Equal(JsonValueKind.Null, messageDelta.GetProperty("delta").GetProperty("stop_sequence").ValueKind);
        Assert.Equal(40, messageDelta.GetProperty("usage").GetProperty("output_tokens").GetInt32());
    }

    [Theory]
    [InlineData("{not json")]
    [InlineData("""{"model":"c","messages":[{"role":"user","content":"hi"}]}""")]
    [InlineData("""{"model":"c","max_tokens":10}""")]
    [InlineData("""{"model":"c","max_tokens":10,"messages":[]}""")]
    public async Task Bad_requests_get_400_in_the_Anthropic_error_shape(string body)
    {
        var ct = TestContext.Current.CancellationToken;
        var root = await PostForJsonAsync(simulator.Client, Path, body, 400, ct);

        Assert.Equal("error", root.GetProperty("type").GetString());
        Assert.Equal("invalid_request_error", root.GetProperty("error").GetProperty("type").GetString());
        Assert.False(string.IsNullOrEmpty(root.GetProperty("error").GetProperty("message").GetString()));
    }

    [Theory]
    [InlineData("nope/v1/messages")]
    [InlineData("sim-openai/v1/messages")]
    public async Task Unknown_provider_or_wrong_protocol_gets_404_in_the_Anthropic_error_shape(string path)
    {
        var ct = TestContext.Current.CancellationToken;
        var root = await PostForJsonAsync(
            simulator.Client, path, """{"max_tokens":5,"messages":[{"role":"user","content":"hi"}]}""", 404, ct);

        Assert.Equal("error", root.GetProperty("type").GetString());
        Assert.Equal("not_found_error", root.GetProperty("error").GetProperty("type").GetString());
    }
}
