using System.Net;
using FlexiAI.Tests.Gateway;

namespace FlexiAI.Tests.Sse;

/// <summary>
/// What real OpenAI-compatible services send, through the gateway over real HTTP: a keep-alive comment before the first
/// event, CRLF, <c>data:</c> without a space, data split over lines; and events over the size cap.
/// </summary>
public sealed class StreamEdgeCaseTests(RawSseGatewayFixture gateway) : IClassFixture<RawSseGatewayFixture>
{
    private const string Chunk = """{"id":"c1","object":"chat.completion.chunk","choices":[{"index":0,"delta":{"content":"hi"}}]}""";

    private readonly CancellationToken _ct = TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_comment_first_is_forwarded_and_not_taken_for_the_first_event()
    {
        await gateway.ResetAsync(_ct);
        gateway.Raw.Events =
        [
            ": keep-alive\r\n\r\n",
            "event: ping\n\n",
            "data:" + Chunk + "\r\n\r\n",
            ": still here\n\n",
            "data: {\"id\":\"c1\",\"choices\":\n" + "data: []}\n\n",
            "data: [DONE]\n\n",
        ];

        using var response = await gateway.ChatAsync("raw-first", stream: true, _ct);
        var body = await response.Content.ReadAsStringAsync(_ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(RawSseGatewayFixture.RawProvider, response.Headers.GetValues("x-flexiai-provider").Single());
        Assert.Equal(string.Concat(gateway.Raw.Events), body);
        var raw = await gateway.ProviderAsync(RawSseGatewayFixture.RawProvider, _ct);
        Assert.Equal(0, raw.GetProperty("failure_count").GetInt32());
    }

    [Fact]
    public async Task A_first_event_over_the_cap_fails_over_and_counts()
    {
        await gateway.ResetAsync(_ct);
        gateway.Raw.Events = ["data: \"" + new string('x', RawSseGatewayFixture.MaxEventBytes) + "\"\n\n", "data: [DONE]\n\n"];

        using var response = await gateway.ChatAsync("raw-first", stream: true, _ct);
        var body = await response.Content.ReadAsStringAsync(_ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(GatewayFixture.OpenAIProvider, response.Headers.GetValues("x-flexiai-provider").Single());
        Assert.EndsWith("data: [DONE]\n\n", body, StringComparison.Ordinal);
        var raw = await gateway.ProviderAsync(RawSseGatewayFixture.RawProvider, _ct);
        Assert.Equal(1, raw.GetProperty("failure_count").GetInt32());
    }

    [Fact]
    public async Task Comments_alone_before_the_cap_fail_over()
    {
        await gateway.ResetAsync(_ct);
        gateway.Raw.Events = [.. Enumerable.Repeat(": keep-alive " + new string('.', 500) + "\n\n", 20)];

        using var response = await gateway.ChatAsync("raw-first", stream: true, _ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(GatewayFixture.OpenAIProvider, response.Headers.GetValues("x-flexiai-provider").Single());
    }

    [Fact]
    public async Task An_event_over_the_cap_after_the_first_ends_with_an_error_event()
    {
        await gateway.ResetAsync(_ct);
        gateway.Raw.Events = ["data: " + Chunk + "\n\n", "data: \"" + new string('x', RawSseGatewayFixture.MaxEventBytes) + "\"\n\n", "data: [DONE]\n\n"];

        using var response = await gateway.ChatAsync("raw-first", stream: true, _ct);
        var body = await response.Content.ReadAsStringAsync(_ct);

        Assert.Equal(RawSseGatewayFixture.RawProvider, response.Headers.GetValues("x-flexiai-provider").Single());
        Assert.StartsWith("data: " + Chunk + "\n\n", body, StringComparison.Ordinal);
        Assert.Contains("\"code\":\"stream_interrupted\"", body, StringComparison.Ordinal);
        Assert.DoesNotContain(new string('x', 100), body, StringComparison.Ordinal);
        var raw = await gateway.ProviderAsync(RawSseGatewayFixture.RawProvider, _ct);
        Assert.Equal(1, raw.GetProperty("failure_count").GetInt32());
    }
}
