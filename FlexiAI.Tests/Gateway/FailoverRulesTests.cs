using System.Net;
using System.Text.Json;

namespace FlexiAI.Tests.Gateway;

/// <summary>
/// The failover rules of ARCHITECTURE.md as a table, each row a real fault injected in the simulator and a real
/// request through the gateway: which failures move on to the next provider and count against the breaker, and
/// which go back to the caller.
/// </summary>
public sealed class FailoverRulesTests(GatewayFixture gateway) : IClassFixture<GatewayFixture>
{
    private readonly CancellationToken _ct = TestContext.Current.CancellationToken;

    public static TheoryData<string, string, int?, bool> NonStreamingFaults => new()
    {
        // fault JSON, expected provider, expected status (null = 200), counts against sim-openai's breaker
        { """{"mode":"error","status":500}""", GatewayFixture.AnthropicProvider, null, true },
        { """{"mode":"error","status":503}""", GatewayFixture.AnthropicProvider, null, true },
        { """{"mode":"error","status":408}""", GatewayFixture.AnthropicProvider, null, true },
        { """{"mode":"rate_limit","retry_after_s":7}""", GatewayFixture.AnthropicProvider, null, true },
        { """{"mode":"timeout"}""", GatewayFixture.AnthropicProvider, null, true },
        { """{"mode":"malformed"}""", GatewayFixture.AnthropicProvider, null, true },
        { """{"mode":"drop_mid_stream"}""", GatewayFixture.AnthropicProvider, null, true },
        { """{"mode":"error","status":400}""", GatewayFixture.OpenAIProvider, 400, false },
        { """{"mode":"error","status":422}""", GatewayFixture.OpenAIProvider, 422, false },
        { """{"mode":"ok"}""", GatewayFixture.OpenAIProvider, null, false },
    };

    [Theory]
    [MemberData(nameof(NonStreamingFaults))]
    public async Task Primary_fault_is_handled_by_the_rules(string fault, string expectedProvider, int? expectedStatus, bool counts)
    {
        await gateway.ResetAsync(_ct);
        await gateway.Simulator.SetFaultAsync(GatewayFixture.OpenAIProvider, JsonDocument.Parse(fault).RootElement, _ct);

        using var response = await gateway.ChatAsync(cancellationToken: _ct);
        var body = await response.Content.ReadAsStringAsync(_ct);

        Assert.Equal(expectedStatus ?? 200, (int)response.StatusCode);
        var primary = await gateway.ProviderAsync(GatewayFixture.OpenAIProvider, _ct);
        Assert.Equal(counts ? 1 : 0, primary.GetProperty("failure_count").GetInt32());
        var secondaryCalls = (await gateway.Simulator.GetStatsAsync(GatewayFixture.AnthropicProvider, _ct)).GetProperty("calls").GetInt64();
        if (expectedStatus is null)
        {
            Assert.Equal(expectedProvider, Header(response, "x-flexiai-provider"));
            Assert.Equal(expectedProvider == GatewayFixture.OpenAIProvider ? "1" : "2", Header(response, "x-flexiai-attempts"));
            using var json = JsonDocument.Parse(body);
            Assert.False(string.IsNullOrEmpty(json.RootElement.GetProperty("choices")[0].GetProperty("message").GetProperty("content").GetString()));
        }
        else
        {
            // A client error is not the provider's fault and every provider would reject it: no failover.
            Assert.Equal(0, secondaryCalls);
            Assert.Equal("1", Header(response, "x-flexiai-attempts"));
            using var json = JsonDocument.Parse(body);
            Assert.True(json.RootElement.TryGetProperty("error", out _), body);
        }
    }

    [Fact]
    public async Task Connection_refused_fails_over_and_counts()
    {
        await gateway.ResetAsync(_ct);

        using var response = await gateway.ChatAsync("refused-first", cancellationToken: _ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(GatewayFixture.OpenAIProvider, Header(response, "x-flexiai-provider"));
        Assert.Equal("2", Header(response, "x-flexiai-attempts"));
        var dead = await gateway.ProviderAsync(GatewayFixture.DeadProvider, _ct);
        Assert.Equal(1, dead.GetProperty("failure_count").GetInt32());
    }

    [Theory]
    [InlineData("""{"mode":"error","status":500}""")]
    [InlineData("""{"mode":"rate_limit","retry_after_s":5}""")]
    [InlineData("""{"mode":"drop_mid_stream","after_chunks":0}""")]
    [InlineData("""{"mode":"malformed"}""")]
    [InlineData("""{"mode":"timeout"}""")]
    public async Task Stream_failing_before_its_first_chunk_fails_over(string fault)
    {
        await gateway.ResetAsync(_ct);
        await gateway.Simulator.SetFaultAsync(GatewayFixture.OpenAIProvider, JsonDocument.Parse(fault).RootElement, _ct);

        using var response = await gateway.ChatAsync(stream: true, cancellationToken: _ct);
        var events = ServerSentEventsText.DataLines(await response.Content.ReadAsStringAsync(_ct));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(GatewayFixture.AnthropicProvider, Header(response, "x-flexiai-provider"));
        Assert.Equal("[DONE]", events[^1]);
        Assert.Contains(events, e => e.Contains("\"usage\"", StringComparison.Ordinal));
        Assert.DoesNotContain(events, e => e.Contains("\"error\"", StringComparison.Ordinal));
        var primary = await gateway.ProviderAsync(GatewayFixture.OpenAIProvider, _ct);
        Assert.Equal(1, primary.GetProperty("failure_count").GetInt32());
    }

    [Fact]
    public async Task Stream_breaking_after_its_first_chunk_ends_with_an_error_event_and_counts()
    {
        await gateway.ResetAsync(_ct);
        await gateway.Simulator.SetFaultAsync(GatewayFixture.OpenAIProvider, new { mode = "drop_mid_stream", after_chunks = 3 }, _ct);

        using var response = await gateway.ChatAsync(stream: true, cancellationToken: _ct);
        var events = ServerSentEventsText.DataLines(await response.Content.ReadAsStringAsync(_ct));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(GatewayFixture.OpenAIProvider, Header(response, "x-flexiai-provider"));
        Assert.Equal(4, events.Count); // three forwarded chunks, then the error event; never [DONE]
        Assert.DoesNotContain("[DONE]", events);
        using var error = JsonDocument.Parse(events[^1]);
        Assert.Equal("stream_interrupted", error.RootElement.GetProperty("error").GetProperty("code").GetString());
        var primary = await gateway.ProviderAsync(GatewayFixture.OpenAIProvider, _ct);
        Assert.Equal(1, primary.GetProperty("failure_count").GetInt32());
        var secondary = await gateway.Simulator.GetStatsAsync(GatewayFixture.AnthropicProvider, _ct);
        Assert.Equal(0, secondary.GetProperty("calls").GetInt64());
    }

    [Fact]
    public async Task Breaker_opens_after_threshold_and_skips_the_provider_without_calling_it()
    {
        await gateway.ResetAsync(_ct);
        await gateway.Simulator.SetFaultAsync(GatewayFixture.OpenAIProvider, new { mode = "error", status = 500 }, _ct);

        for (var i = 0; i < 5; i++)
        {
            using var failedOver = await gateway.ChatAsync(cancellationToken: _ct);
            Assert.Equal(GatewayFixture.AnthropicProvider, Header(failedOver, "x-flexiai-provider"));
        }
        var primary = await gateway.ProviderAsync(GatewayFixture.OpenAIProvider, _ct);
        Assert.Equal("OPEN", primary.GetProperty("circuit_state").GetString());

        using var skipped = await gateway.ChatAsync(cancellationToken: _ct);
        Assert.Equal(GatewayFixture.AnthropicProvider, Header(skipped, "x-flexiai-provider"));
        Assert.Equal("1", Header(skipped, "x-flexiai-attempts"));
        var calls = (await gateway.Simulator.GetStatsAsync(GatewayFixture.OpenAIProvider, _ct)).GetProperty("calls").GetInt64();
        Assert.Equal(5, calls);
    }

    [Fact]
    public async Task Retry_after_keeps_the_breaker_open_at_least_that_long()
    {
        await gateway.ResetAsync(_ct);
        await gateway.Simulator.SetFaultAsync(GatewayFixture.OpenAIProvider, new { mode = "rate_limit", retry_after_s = 120 }, _ct);

        for (var i = 0; i < 5; i++)
        {
            using var _ = await gateway.ChatAsync(cancellationToken: _ct);
        }

        var primary = await gateway.ProviderAsync(GatewayFixture.OpenAIProvider, _ct);
        Assert.Equal("OPEN", primary.GetProperty("circuit_state").GetString());
        var openFor = primary.GetProperty("retry_at").GetDateTimeOffset() - primary.GetProperty("opened_at").GetDateTimeOffset();
        Assert.True(openFor >= TimeSpan.FromSeconds(120), $"open for {openFor}, recovery timeout is 30 s, Retry-After 120 s");
    }

    [Fact]
    public async Task Every_breaker_open_answers_503_with_retry_after()
    {
        await gateway.ResetAsync(_ct);
        await gateway.OpenEveryBreakerAsync(_ct);

        using var response = await gateway.ChatAsync(cancellationToken: _ct);
        var body = await response.Content.ReadAsStringAsync(_ct);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        var retryAfter = response.Headers.RetryAfter?.Delta;
        Assert.NotNull(retryAfter);
        Assert.InRange(retryAfter.Value.TotalSeconds, 1, 30);
        using var json = JsonDocument.Parse(body);
        Assert.Equal("no_provider_available", json.RootElement.GetProperty("error").GetProperty("code").GetString());
        Assert.Equal(0, (await gateway.Simulator.GetStatsAsync(GatewayFixture.OpenAIProvider, _ct)).GetProperty("calls").GetInt64());

        // The replica still answers (this 503 is an answer): it stays ready (Health:ReadyRequiresProvider is off).
        using var ready = await gateway.Client.GetAsync("health/ready", _ct);
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
    }

    [Fact]
    public async Task Every_provider_failing_answers_502_naming_each_attempt()
    {
        await gateway.ResetAsync(_ct);
        await gateway.Simulator.SetFaultAsync(GatewayFixture.OpenAIProvider, new { mode = "error", status = 500 }, _ct);
        await gateway.Simulator.SetFaultAsync(GatewayFixture.AnthropicProvider, new { mode = "error", status = 529 }, _ct);

        using var response = await gateway.ChatAsync(cancellationToken: _ct);
        var body = await response.Content.ReadAsStringAsync(_ct);

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        Assert.Equal("3", Header(response, "x-flexiai-attempts"));
        Assert.Contains("sim-openai: HTTP 500", body, StringComparison.Ordinal);
        Assert.Contains("sim-anthropic: HTTP 529", body, StringComparison.Ordinal);
    }

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? values.Single() : null;
}
