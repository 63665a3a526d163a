using System.Net;
using System.Text.Json;
using FlexiAI.Web;
using FlexiAI.Web.Gateway;

namespace FlexiAI.Tests.Web;

/// <summary>The chat page's view of the gateway's stream and errors, from bytes as the gateway writes them.</summary>
public sealed class GatewayClientTests
{
    private static readonly ChatCompletionRequest Hello = new("default", [new ChatMessage("user", "hello")], 0.2, 64);

    [Fact]
    public async Task Streams_deltas_finish_and_usage_with_the_routing_headers()
    {
        var (client, handler) = Client(StubHttpHandler.Text(HttpStatusCode.OK,
            """
            data: {"id":"c1","object":"chat.completion.chunk","choices":[{"index":0,"delta":{"role":"assistant","content":""}}]}

            data: {"id":"c1","choices":[{"index":0,"delta":{"content":"Hello"}}]}

            : keep-alive

            data: {"id":"c1","choices":[{"index":0,"delta":{"content":" there"},"finish_reason":null}]}

            data: {"id":"c1","choices":[{"index":0,"delta":{},"finish_reason":"stop"}]}

            data: {"id":"c1","choices":[],"usage":{"prompt_tokens":7,"completion_tokens":2,"total_tokens":9}}

            data: [DONE]

            """, "text/event-stream",
            ("x-flexiai-provider", "sim-anthropic"), ("x-flexiai-attempts", "2"), ("x-flexiai-replica", "gateway-b")));

        var events = await ReadAllAsync(client.StreamChatAsync(Hello, TestContext.Current.CancellationToken));

        Assert.Equal(
            [
                new ChatStreamEvent.Started(new ChatRouting("sim-anthropic", 2, "gateway-b")),
                new ChatStreamEvent.Delta("Hello"),
                new ChatStreamEvent.Delta(" there"),
                new ChatStreamEvent.Finished("stop"),
                new ChatStreamEvent.Usage(7, 2),
            ],
            events);

        // The request asks for a stream with usage, and carries the page's settings.
        var body = JsonDocument.Parse(handler.Bodies.Single()).RootElement;
        Assert.True(body.GetProperty("stream").GetBoolean());
        Assert.True(body.GetProperty("stream_options").GetProperty("include_usage").GetBoolean());
        Assert.Equal(64, body.GetProperty("max_tokens").GetInt32());
        Assert.Equal(0.2, body.GetProperty("temperature").GetDouble());
        Assert.Equal("/v1/chat/completions", handler.Requests.Single().RequestUri!.AbsolutePath);
    }

    [Fact]
    public async Task A_stream_that_breaks_after_its_start_ends_with_the_gateways_error_event()
    {
        var (client, _) = Client(StubHttpHandler.Text(HttpStatusCode.OK,
            """
            data: {"choices":[{"index":0,"delta":{"content":"Hel"}}]}

            data: {"error":{"message":"The stream from provider sim-openai broke after it started (connection reset); the answer is incomplete.","type":"api_error","param":null,"code":"stream_interrupted"}}

            """, "text/event-stream", ("x-flexiai-provider", "sim-openai")));

        var events = await ReadAllAsync(client.StreamChatAsync(Hello, TestContext.Current.CancellationToken));

        var failed = Assert.IsType<ChatStreamEvent.Failed>(events[^1]);
        Assert.Equal("stream_interrupted", failed.Error.Code);
        Assert.StartsWith("The stream from provider sim-openai broke", failed.Error.Message);
        Assert.Equal(new ChatStreamEvent.Delta("Hel"), events[^2]);
    }

    [Fact]
    public async Task A_continued_stream_ends_with_who_continued_it()
    {
        var (client, _) = Client(StubHttpHandler.Text(HttpStatusCode.OK,
            """
            data: {"choices":[{"index":0,"delta":{"content":"Hel"}}]}

            data: {"choices":[{"index":0,"delta":{"content":"lo"}}]}

            data: {"id":"c1","object":"chat.completion.chunk","choices":[],"flexiai_continuation":{"continued":true,"from":["sim-a"],"provider":"sim-b","offset":3}}

            data: [DONE]

            """, "text/event-stream", ("x-flexiai-provider", "sim-a")));

        var events = await ReadAllAsync(client.StreamChatAsync(Hello, TestContext.Current.CancellationToken));

        var continued = Assert.IsType<ChatStreamEvent.Continued>(events[^1]);
        Assert.Equal(["sim-a"], continued.From);
        Assert.Equal("sim-b", continued.Provider);
        Assert.Equal(3, continued.Offset);
        Assert.DoesNotContain(events, e => e is ChatStreamEvent.Failed);
    }

    [Fact]
    public async Task A_stream_that_stops_without_done_is_reported_incomplete()
    {
        var (client, _) = Client(StubHttpHandler.Text(HttpStatusCode.OK,
            "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Hel\"}}]}\n\n", "text/event-stream"));

        var events = await ReadAllAsync(client.StreamChatAsync(Hello, TestContext.Current.CancellationToken));

        Assert.Equal("stream_ended", Assert.IsType<ChatStreamEvent.Failed>(events[^1]).Error.Code);
    }

    [Fact]
    public async Task An_error_answer_throws_with_the_gateways_message_status_and_attempts()
    {
        var (client, _) = Client(StubHttpHandler.Text(HttpStatusCode.ServiceUnavailable,
            """{"error":{"message":"No provider is available: sim-openai OPEN until 10:00:30, sim-anthropic OPEN until 10:00:40.","type":"service_unavailable","param":null,"code":"no_provider_available"}}""",
            "application/json", ("Retry-After", "12"), ("x-flexiai-attempts", "0")));

        var exception = await Assert.ThrowsAsync<GatewayException>(() => ReadAllAsync(client.StreamChatAsync(Hello, TestContext.Current.CancellationToken)));

        Assert.Equal(
            new GatewayError("No provider is available: sim-openai OPEN until 10:00:30, sim-anthropic OPEN until 10:00:40.",
                "service_unavailable", "no_provider_available", 503, 12),
            exception.Error);
        Assert.Equal(0, exception.Routing?.Attempts);
    }

    [Fact]
    public async Task An_error_that_is_not_json_is_shown_as_text()
    {
        var (client, _) = Client(StubHttpHandler.Text(HttpStatusCode.BadGateway, "upstream connect error", "text/plain"));

        var exception = await Assert.ThrowsAsync<GatewayException>(() => client.GetClusterAsync(TestContext.Current.CancellationToken));

        Assert.Equal("upstream connect error", exception.Error.Message);
        Assert.Equal(502, exception.Error.Status);
    }

    [Fact]
    public async Task Reads_the_cluster_contract()
    {
        var (client, handler) = Client(StubHttpHandler.Text(HttpStatusCode.OK,
            """
            {"replicas":[{"replica_id":"gateway-abc","address":"http://127.0.0.1:41234","last_seen":"2026-11-26T10:00:00Z",
              "sync":{"enabled":true,"connected":true,"last_event_age_seconds":0.4},
              "providers":[{"name":"sim-openai","kind":"OpenAI","model":"gpt-4o-mini","priority":1,"available":false,
                "circuit_state":"OPEN","failure_count":5,"last_failure_time":"2026-11-26T09:59:58Z","opened_at":"2026-11-26T09:59:58Z",
                "retry_at":"2026-11-26T10:00:28Z","epoch":3,"last_error":"HTTP 500","requests":{"total":10,"success":5,"failure":5}}]}],
             "source":"redis"}
            """, "application/json"));

        var report = await client.GetClusterAsync(TestContext.Current.CancellationToken);

        var replica = Assert.Single(report.Replicas);
        Assert.Equal("gateway-abc", replica.ReplicaId);
        Assert.Equal(0.4, replica.Sync!.LastEventAgeSeconds);
        var provider = Assert.Single(replica.Providers);
        Assert.Equal(BreakerState.Open, provider.State);
        Assert.Equal(5, provider.FailureCount);
        Assert.Equal(DateTimeOffset.Parse("2026-11-26T10:00:28Z", System.Globalization.CultureInfo.InvariantCulture), provider.RetryAt);
        Assert.Equal(new RequestCounts(10, 5, 5), provider.Requests);
        Assert.False(report.IsLocalOnly);
        Assert.Equal("/cluster", handler.Requests.Single().RequestUri!.AbsolutePath);
    }

    [Fact]
    public async Task Admin_calls_post_to_the_providers_route_with_the_admin_key()
    {
        var (client, handler) = Client(StubHttpHandler.Text(HttpStatusCode.OK,
            """{"name":"sim-openai","kind":"OpenAI","model":"m","priority":1,"available":true,"circuit_state":"CLOSED","failure_count":0,"epoch":4,"requests":{"total":0,"success":0,"failure":0}}""",
            "application/json"), new WebUiOptions { AdminKey = "admin-secret" });

        var status = await client.ResetAsync("sim-openai", TestContext.Current.CancellationToken);

        Assert.Equal(BreakerState.Closed, status.State);
        var request = handler.Requests.Single();
        Assert.Equal(HttpMethod.Post, request.Method);
        Assert.Equal("/providers/sim-openai/reset", request.RequestUri!.AbsolutePath);
        Assert.Equal("Bearer admin-secret", request.Headers.Authorization?.ToString());
    }

    private static (GatewayClient Client, StubHttpHandler Handler) Client(HttpResponseMessage response, WebUiOptions? options = null)
    {
        var handler = new StubHttpHandler(_ => response);
        var factory = new StubHttpClientFactory(handler, new Uri("http://gateway.test"));
        return (new GatewayClient(factory, Microsoft.Extensions.Options.Options.Create(options ?? new WebUiOptions())), handler);
    }

    private static async Task<List<ChatStreamEvent>> ReadAllAsync(IAsyncEnumerable<ChatStreamEvent> events)
    {
        var list = new List<ChatStreamEvent>();
        await foreach (var item in events)
        {
            list.Add(item);
        }

        return list;
    }
}
