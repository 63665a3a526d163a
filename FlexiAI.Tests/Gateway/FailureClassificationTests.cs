using System.Net;
using System.Text.Json;
using FlexiAI.Tests.Infrastructure;

namespace FlexiAI.Tests.Gateway;

/// <summary>
/// The failure classification table of README.md, row by row over real HTTP for both protocols: the simulator answers
/// the first provider of a route with a provider's real error (status and body), the gateway's breakers live in a real
/// Redis server, and each row checks whether the request failed over, whether the failure counted against the
/// provider's breaker, and what the caller got.
/// </summary>
public sealed class FailureClassificationTests(FaultClassificationFixture gateway) : IClassFixture<FaultClassificationFixture>
{
    private const string OpenAI = GatewayFixture.OpenAIProvider;
    private const string Anthropic = GatewayFixture.AnthropicProvider;
    private readonly CancellationToken _ct = TestContext.Current.CancellationToken;

    /// <summary>
    /// route, fault on the route's first provider, expected status, provider that answers (null: the first provider's
    /// rejection comes back), failures counted against the first provider, its breaker state, its <c>last_error_type</c>
    /// (checked when the failure counted).
    /// </summary>
    public static TheoryData<string, string, int, string?, int, string, string?> Rows => new()
    {
        // OpenAI protocol first (pass-through), Anthropic second.
        { "default", """{"mode":"auth"}""", 200, Anthropic, 1, "OPEN", "auth" },
        { "default", """{"mode":"permission"}""", 200, Anthropic, 1, "OPEN", "auth" },
        { "default", """{"mode":"not_found"}""", 200, Anthropic, 1, "CLOSED", "not_found" },
        { "default", """{"mode":"context_length"}""", 200, Anthropic, 0, "CLOSED", null },
        { "default", """{"mode":"request_too_large"}""", 200, Anthropic, 0, "CLOSED", null },
        { "default", """{"mode":"content_filter"}""", 400, null, 0, "CLOSED", null },
        { FaultClassificationFixture.ContentFailover, """{"mode":"content_filter"}""", 200, Anthropic, 0, "CLOSED", null },
        { "default", """{"mode":"error","status":400}""", 400, null, 0, "CLOSED", null },
        { "default", """{"mode":"error","status":422}""", 422, null, 0, "CLOSED", null },
        // Anthropic protocol first (translation), OpenAI second; sim-openai's context window is the smaller.
        { FaultClassificationFixture.AnthropicFirst, """{"mode":"auth"}""", 200, OpenAI, 1, "OPEN", "auth" },
        { FaultClassificationFixture.AnthropicFirst, """{"mode":"permission"}""", 200, OpenAI, 1, "OPEN", "auth" },
        { FaultClassificationFixture.AnthropicFirst, """{"mode":"not_found"}""", 200, OpenAI, 1, "CLOSED", "not_found" },
        { FaultClassificationFixture.AnthropicFirst, """{"mode":"context_length"}""", 400, null, 0, "CLOSED", null },
        { FaultClassificationFixture.AnthropicFirst, """{"mode":"request_too_large"}""", 413, null, 0, "CLOSED", null },
        { FaultClassificationFixture.AnthropicFirst, """{"mode":"content_filter"}""", 400, null, 0, "CLOSED", null },
        { FaultClassificationFixture.ContentFailoverAnthropic, """{"mode":"content_filter"}""", 200, OpenAI, 0, "CLOSED", null },
        { FaultClassificationFixture.AnthropicFirst, """{"mode":"error","status":529}""", 200, OpenAI, 1, "CLOSED", null },
        { FaultClassificationFixture.AnthropicFirst, """{"mode":"rate_limit","retry_after_s":5}""", 200, OpenAI, 1, "CLOSED", null },
        { FaultClassificationFixture.AnthropicFirst, """{"mode":"error","status":400}""", 400, null, 0, "CLOSED", null },
    };

    [Theory]
    [MemberData(nameof(Rows))]
    public async Task A_provider_error_is_handled_as_the_table_says(string route, string fault, int status, string? answeredBy,
        int counted, string breaker, string? lastErrorType)
    {
        await gateway.ResetAsync(_ct);
        var first = route.Contains("anthropic", StringComparison.Ordinal) ? Anthropic : OpenAI;
        var second = first == OpenAI ? Anthropic : OpenAI;
        await gateway.Simulator.SetFaultAsync(first, JsonDocument.Parse(fault).RootElement, _ct);

        using var response = await gateway.ChatAsync(route, cancellationToken: _ct);
        var body = await response.Content.ReadAsStringAsync(_ct);

        Assert.Equal(status, (int)response.StatusCode);
        using var json = JsonDocument.Parse(body);
        var secondCalls = (await gateway.Simulator.GetStatsAsync(second, _ct)).GetProperty("calls").GetInt64();
        if (answeredBy is null)
        {
            // The provider's rejection comes back as it sent it; no other provider is asked.
            Assert.Equal(0, secondCalls);
            Assert.Equal("1", response.Header("x-flexiai-attempts"));
            Assert.True(json.RootElement.TryGetProperty("error", out _), body);
        }
        else
        {
            Assert.Equal(answeredBy, response.Header("x-flexiai-provider"));
            Assert.Equal("2", response.Header("x-flexiai-attempts"));
            Assert.False(string.IsNullOrEmpty(json.RootElement.GetProperty("choices")[0].GetProperty("message").GetProperty("content").GetString()));
        }
        var primary = await gateway.ProviderAsync(first, _ct);
        Assert.Equal(counted, primary.GetProperty("failure_count").GetInt32());
        Assert.Equal(breaker, primary.GetProperty("circuit_state").GetString());
        if (counted > 0)
        {
            // A failure that does not count leaves the breaker's last error as it was (a reset keeps it too).
            Assert.Equal(lastErrorType, primary.GetProperty("last_error_type").GetString());
        }
    }

    [Theory]
    [InlineData("default", OpenAI, Anthropic)]
    [InlineData(FaultClassificationFixture.AnthropicFirst, Anthropic, OpenAI)]
    public async Task A_rejected_key_fails_over_before_the_first_chunk_of_a_stream(string route, string first, string second)
    {
        await gateway.ResetAsync(_ct);
        await gateway.Simulator.SetFaultAsync(first, new { mode = "auth" }, _ct);

        using var response = await gateway.ChatAsync(route, stream: true, cancellationToken: _ct);
        var events = ServerSentEventsText.DataLines(await response.Content.ReadAsStringAsync(_ct));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(second, response.Header("x-flexiai-provider"));
        Assert.Equal("[DONE]", events[^1]);
        Assert.Equal("auth", (await gateway.ProviderAsync(first, _ct)).GetProperty("last_error_type").GetString());
    }

    [Fact]
    public async Task A_rejected_key_opens_the_breaker_for_the_auth_recovery_timeout_and_later_calls_skip_it()
    {
        await gateway.ResetAsync(_ct);
        await gateway.Simulator.SetFaultAsync(OpenAI, new { mode = "auth" }, _ct);

        using (var first = await gateway.ChatAsync(cancellationToken: _ct))
        {
            Assert.Equal(Anthropic, first.Header("x-flexiai-provider"));
        }
        var primary = await gateway.ProviderAsync(OpenAI, _ct);
        var openFor = primary.GetProperty("retry_at").GetDateTimeOffset() - primary.GetProperty("opened_at").GetDateTimeOffset();
        Assert.Equal(FaultClassificationFixture.AuthRecoveryTimeout, openFor);

        using var second = await gateway.ChatAsync(cancellationToken: _ct);
        Assert.Equal(Anthropic, second.Header("x-flexiai-provider"));
        Assert.Equal("1", second.Header("x-flexiai-attempts"));
        Assert.Equal(1, (await gateway.Simulator.GetStatsAsync(OpenAI, _ct)).GetProperty("calls").GetInt64());
    }

    [Fact]
    public async Task Every_provider_rejecting_its_key_answers_502_naming_each_attempt_never_401()
    {
        await gateway.ResetAsync(_ct);
        await gateway.Simulator.SetFaultAsync(OpenAI, new { mode = "auth" }, _ct);
        await gateway.Simulator.SetFaultAsync(Anthropic, new { mode = "auth" }, _ct);

        using var response = await gateway.ChatAsync(cancellationToken: _ct);
        var body = await response.Content.ReadAsStringAsync(_ct);

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        using var json = JsonDocument.Parse(body);
        Assert.Equal("all_providers_failed", json.RootElement.GetProperty("error").GetProperty("code").GetString());
        Assert.True(body.Contains("sim-openai: HTTP 401 credentials rejected", StringComparison.Ordinal), body);
        Assert.True(body.Contains("sim-anthropic: HTTP 401 credentials rejected", StringComparison.Ordinal), body);
    }

    [Fact]
    public async Task Auth_and_not_found_failures_are_counted_under_their_own_error_type()
    {
        await gateway.ResetAsync(_ct);
        await gateway.Simulator.SetFaultAsync(OpenAI, new { mode = "auth" }, _ct);
        await gateway.Simulator.SetFaultAsync(Anthropic, new { mode = "not_found" }, _ct);

        using (var _ = await gateway.ChatAsync(cancellationToken: _ct))
        {
        }

        var metrics = await gateway.Client.GetStringAsync("metrics", _ct);
        Assert.Contains(metrics.Split('\n'), line => line.StartsWith("flexiai_provider_failures_total{", StringComparison.Ordinal) &&
            line.Contains("error_type=\"auth\"", StringComparison.Ordinal) && line.Contains("provider=\"sim-openai\"", StringComparison.Ordinal));
        Assert.Contains(metrics.Split('\n'), line => line.StartsWith("flexiai_provider_failures_total{", StringComparison.Ordinal) &&
            line.Contains("error_type=\"not_found\"", StringComparison.Ordinal) && line.Contains("provider=\"sim-anthropic\"", StringComparison.Ordinal));
    }
}
