using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using FlexiAI.Tests.Gateway;
using FlexiAI.Tests.Infrastructure;
using FlexiAI.Tests.Simulator;
using OpenAI.Responses;

#pragma warning disable OPENAI001 // The Responses API is marked for evaluation in the OpenAI SDK.

namespace FlexiAI.Tests.Surface;

/// <summary><c>POST /v1/responses</c> through the official OpenAI client's <see cref="ResponsesClient"/>, streamed and not.</summary>
public sealed class ResponsesApiTests(SurfaceFixture gateway) : IClassFixture<SurfaceFixture>
{
    private readonly CancellationToken _ct = TestContext.Current.CancellationToken;

    private static CreateResponseOptions Options(string model, string text, bool stream = false) => new()
    {
        Model = model,
        InputItems = { ResponseItem.CreateUserMessageItem(text) },
        StreamingEnabled = stream,
    };

    [Fact]
    public async Task The_official_client_gets_a_whole_response()
    {
        await gateway.ResetAsync(_ct);
        var client = gateway.OpenAI().GetResponsesClient();

        var result = await client.CreateResponseAsync(Options("gpt-4o-mini", "Hello, responses"), _ct);

        Assert.StartsWith("Hello from sim-openai. You said: Hello, responses.", result.Value.GetOutputText(), StringComparison.Ordinal);
        Assert.Equal(ResponseStatus.Completed, result.Value.Status);
        Assert.True(result.Value.Usage.OutputTokenCount > 0);
        Assert.True(result.GetRawResponse().Headers.TryGetValue("x-flexiai-provider", out var provider));
        Assert.Equal(GatewayFixture.OpenAIProvider, provider);
    }

    [Fact]
    public async Task The_official_client_streams_a_response_with_usage()
    {
        await gateway.ResetAsync(_ct);
        var client = gateway.OpenAI().GetResponsesClient();
        var text = new StringBuilder();
        ResponseResult? completed = null;

        await foreach (var update in await client.CreateResponseStreamingAsync(Options("default", "Stream please", stream: true), _ct))
        {
            if (update is StreamingResponseOutputTextDeltaUpdate delta)
            {
                text.Append(delta.Delta);
            }
            else if (update is StreamingResponseCompletedUpdate done)
            {
                completed = done.Response;
            }
        }

        Assert.StartsWith("Hello from sim-openai. You said: Stream please.", text.ToString(), StringComparison.Ordinal);
        Assert.NotNull(completed);
        Assert.Equal(text.ToString(), completed.GetOutputText());
        Assert.True(completed.Usage.InputTokenCount > 0);
    }

    [Fact]
    public async Task A_stream_fails_over_before_its_first_event_while_the_first_provider_fails()
    {
        await gateway.ResetAsync(_ct);
        // refused-first: dead (connection refused), then sim-openai.
        using var response = await PostAsync(new { model = "refused-first", input = "failover", stream = true }, HttpCompletionOption.ResponseHeadersRead);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("2", response.Header("x-flexiai-attempts"));
        Assert.Equal(GatewayFixture.OpenAIProvider, response.Header("x-flexiai-provider"));
        var events = await ReadEventsAsync(response);
        Assert.Equal("response.created", events[0].Event);
        Assert.Equal("response.completed", events[^1].Event);
        Assert.Contains(events, e => e.Event == "response.output_text.delta");
    }

    [Fact]
    public async Task A_stream_that_breaks_after_it_started_ends_with_an_error_event()
    {
        await gateway.ResetAsync(_ct);
        await gateway.Simulator.SetFaultAsync(GatewayFixture.OpenAIProvider, new { mode = "drop_mid_stream", after_chunks = 4 }, _ct);

        using var response = await PostAsync(new { model = GatewayFixture.PassThroughRoute, input = "break", stream = true },
            HttpCompletionOption.ResponseHeadersRead);

        var events = await ReadEventsAsync(response);
        Assert.Equal(5, events.Count);
        Assert.Equal("error", events[^1].Event);
        Assert.Equal("stream_interrupted", events[^1].Json.GetProperty("code").GetString());
        var provider = await gateway.ProviderAsync(GatewayFixture.OpenAIProvider, _ct);
        Assert.Equal(1, provider.GetProperty("failure_count").GetInt32());
    }

    [Fact]
    public async Task A_route_without_an_OpenAI_protocol_provider_is_a_400_naming_the_route()
    {
        using var response = await PostAsync(new { model = GatewayFixture.TranslatedRoute, input = "x" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = (await response.Content.ReadFromJsonAsync<JsonElement>(_ct)).GetProperty("error");
        Assert.Contains("'translated'", error.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal("model", error.GetProperty("param").GetString());
    }

    [Fact]
    public async Task Bad_input_is_a_400_before_any_provider_is_called()
    {
        await gateway.ResetAsync(_ct);

        using var response = await PostAsync(new { model = "default", input = 42 });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("input", (await response.Content.ReadFromJsonAsync<JsonElement>(_ct)).GetProperty("error").GetProperty("param").GetString());
        var stats = await gateway.Simulator.GetStatsAsync(GatewayFixture.OpenAIProvider, _ct);
        Assert.Equal(0, stats.GetProperty("calls").GetInt64());
    }

    private Task<HttpResponseMessage> PostAsync(object body, HttpCompletionOption completion = HttpCompletionOption.ResponseContentRead)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "v1/responses") { Content = JsonContent.Create(body) };
        return gateway.Client.SendAsync(request, completion, _ct);
    }

    private async Task<List<ServerSentEvent>> ReadEventsAsync(HttpResponseMessage response)
    {
        var events = new List<ServerSentEvent>();
        await foreach (var sse in ServerSentEvents.ReadAsync(await response.Content.ReadAsStreamAsync(_ct), _ct))
        {
            events.Add(sse);
        }
        return events;
    }
}
