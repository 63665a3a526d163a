using System.Diagnostics;
using System.Net;
using FlexiAI.Tests.Gateway;
using FlexiAI.Tests.Infrastructure;

namespace FlexiAI.Tests.Hedging;

/// <summary>
/// Hedged requests through the gateway over real HTTP, against the simulator's latency faults: a slow first provider is
/// hedged after the route's delay, the first answer wins and the other attempt is cancelled without counting against
/// its provider; a fast one is never hedged; a failing one fails over at once.
/// </summary>
public sealed class HedgedRequestsTests(HedgingFixture gateway) : IClassFixture<HedgingFixture>
{
    private const string Primary = GatewayFixture.OpenAIProvider;
    private const string Secondary = GatewayFixture.AnthropicProvider;
    private readonly CancellationToken _ct = TestContext.Current.CancellationToken;

    [Fact]
    public async Task Slow_primary_is_hedged_and_cancelled_when_the_secondary_answers()
    {
        await gateway.ResetAsync(_ct);
        var discardedBefore = await DiscardedAsync(Primary);
        await gateway.Simulator.SetFaultAsync(Primary, new { mode = "slow", latency_ms = 2000 }, _ct);
        var clock = Stopwatch.StartNew();

        using var response = await gateway.ChatAsync(HedgingFixture.HedgedRoute, cancellationToken: _ct);
        var answered = clock.Elapsed;
        await Eventually.TrueAsync(async () => await DiscardedAsync(Primary) > discardedBefore, "the primary's attempt has ended");
        var loserEnded = clock.Elapsed;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(Secondary, response.Header("x-flexiai-provider"));
        Assert.Equal("2", response.Header("x-flexiai-attempts"));
        Assert.Equal("true", response.Header("x-flexiai-hedged"));
        // Timers run on a coarse clock (Linux: a few ms), so the hedge may start a little before the stopwatch says 200 ms.
        Assert.True(answered >= HedgingFixture.Delay - TimeSpan.FromMilliseconds(10), $"answered after {answered.TotalMilliseconds} ms, before the hedging delay");
        Assert.True(answered < TimeSpan.FromMilliseconds(1500), $"answered after {answered.TotalMilliseconds} ms");
        // The primary saw the call, and the gateway stopped waiting for it long before its answer was due (2 s).
        Assert.Equal(1, (await gateway.Simulator.GetStatsAsync(Primary, _ct)).GetProperty("calls").GetInt64());
        Assert.True(loserEnded < TimeSpan.FromMilliseconds(1800), $"the cancelled attempt ended after {loserEnded.TotalMilliseconds} ms");
    }

    [Fact]
    public async Task Fast_primary_is_never_hedged()
    {
        await gateway.ResetAsync(_ct);

        for (var i = 0; i < 5; i++)
        {
            using var response = await gateway.ChatAsync(HedgingFixture.HedgedRoute, stream: i % 2 == 1, cancellationToken: _ct);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(Primary, response.Header("x-flexiai-provider"));
            Assert.Equal("1", response.Header("x-flexiai-attempts"));
            Assert.Null(response.Header("x-flexiai-hedged"));
        }

        Assert.Equal(0, (await gateway.Simulator.GetStatsAsync(Secondary, _ct)).GetProperty("calls").GetInt64());
    }

    [Fact]
    public async Task Primary_failing_before_the_delay_fails_over_at_once()
    {
        await gateway.ResetAsync(_ct);
        await gateway.Simulator.SetFaultAsync(Primary, new { mode = "error", status = 500 }, _ct);
        var clock = Stopwatch.StartNew();

        // This route hedges only after 5 s: an answer well before that came from failing over, not from a hedge.
        using var response = await gateway.ChatAsync(HedgingFixture.LateHedgedRoute, cancellationToken: _ct);

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(3), $"answered after {clock.Elapsed.TotalMilliseconds} ms");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(Secondary, response.Header("x-flexiai-provider"));
        Assert.Equal("2", response.Header("x-flexiai-attempts"));
        Assert.Null(response.Header("x-flexiai-hedged"));
        Assert.Equal(1, (await gateway.ProviderAsync(Primary, _ct)).GetProperty("failure_count").GetInt32());
    }

    [Theory]
    [InlineData(1500, 300, Secondary)]
    [InlineData(500, 1500, Primary)]
    public async Task When_both_are_slow_the_first_to_answer_wins(int primaryMs, int secondaryMs, string winner)
    {
        await gateway.ResetAsync(_ct);
        await gateway.Simulator.SetFaultAsync(Primary, new { mode = "slow", latency_ms = primaryMs }, _ct);
        await gateway.Simulator.SetFaultAsync(Secondary, new { mode = "slow", latency_ms = secondaryMs }, _ct);

        using var response = await gateway.ChatAsync(HedgingFixture.HedgedRoute, cancellationToken: _ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(winner, response.Header("x-flexiai-provider"));
        Assert.Equal("2", response.Header("x-flexiai-attempts"));
        Assert.Equal("true", response.Header("x-flexiai-hedged"));
        Assert.Equal(1, (await gateway.Simulator.GetStatsAsync(Primary, _ct)).GetProperty("calls").GetInt64());
        Assert.Equal(1, (await gateway.Simulator.GetStatsAsync(Secondary, _ct)).GetProperty("calls").GetInt64());
    }

    [Fact]
    public async Task Cancelled_losers_do_not_count_against_their_breaker()
    {
        await gateway.ResetAsync(_ct);
        var before = await RequestsAsync(Primary);
        await gateway.Simulator.SetFaultAsync(Primary, new { mode = "slow", latency_ms = 2000 }, _ct);

        // More hedged requests than the failure threshold (5): were the losers counted, the breaker would open.
        const int Requests = 6;
        for (var i = 0; i < Requests; i++)
        {
            using var response = await gateway.ChatAsync(HedgingFixture.HedgedRoute, cancellationToken: _ct);
            Assert.Equal(Secondary, response.Header("x-flexiai-provider"));
            Assert.Equal("true", response.Header("x-flexiai-hedged"));
        }
        await Eventually.TrueAsync(async () => await DiscardedAsync(Primary) >= before.Discarded + Requests, "every cancelled attempt has ended");

        var primary = await gateway.ProviderAsync(Primary, _ct);
        var after = await RequestsAsync(Primary);
        Assert.Equal("CLOSED", primary.GetProperty("circuit_state").GetString());
        Assert.Equal(0, primary.GetProperty("failure_count").GetInt32());
        Assert.Equal(before.Failure, after.Failure);
        Assert.Equal(before.Success, after.Success);
        Assert.Equal(before.Discarded + Requests, after.Discarded);
    }

    [Fact]
    public async Task Streams_are_hedged_until_their_first_chunk()
    {
        await gateway.ResetAsync(_ct);
        await gateway.Simulator.SetFaultAsync(Primary, new { mode = "slow", latency_ms = 2000 }, _ct);
        var clock = Stopwatch.StartNew();

        using var response = await gateway.ChatAsync(HedgingFixture.HedgedRoute, stream: true, cancellationToken: _ct);
        var events = ServerSentEventsText.DataLines(await response.Content.ReadAsStringAsync(_ct));

        Assert.True(clock.Elapsed < TimeSpan.FromMilliseconds(1500), $"streamed in {clock.Elapsed.TotalMilliseconds} ms");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(Secondary, response.Header("x-flexiai-provider"));
        Assert.Equal("true", response.Header("x-flexiai-hedged"));
        Assert.Equal("[DONE]", events[^1]);
        Assert.Contains(events, e => e.Contains("sim-anthropic", StringComparison.Ordinal));
        Assert.DoesNotContain(events, e => e.Contains("\"error\"", StringComparison.Ordinal));
        Assert.Equal(1, (await gateway.Simulator.GetStatsAsync(Primary, _ct)).GetProperty("streaming").GetInt64());
    }

    [Fact]
    public async Task A_hedged_request_is_one_trace_with_both_attempts_under_the_request()
    {
        await gateway.ResetAsync(_ct);
        await gateway.Simulator.SetFaultAsync(Primary, new { mode = "slow", latency_ms = 2000 }, _ct);
        var stopped = new System.Collections.Concurrent.ConcurrentQueue<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name is "FlexiAI" or "Microsoft.AspNetCore",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = stopped.Enqueue,
        };
        ActivitySource.AddActivityListener(listener);
        // A trace of our own (the client propagates it), so spans of tests running beside this one are told apart.
        using var root = new Activity("hedged request under test").SetIdFormat(ActivityIdFormat.W3C).Start();
        var trace = root.TraceId;
        using var request = new HttpRequestMessage(HttpMethod.Post, "v1/chat/completions")
        {
            Content = System.Net.Http.Json.JsonContent.Create(new
            {
                model = HedgingFixture.HedgedRoute,
                messages = new[] { new { role = "user", content = "Trace me" } },
            }),
        };

        using var response = await gateway.Client.SendAsync(request, _ct);
        List<Activity> Attempts() => [.. stopped.Where(a => a.TraceId == trace && a.Source.Name == "FlexiAI")];
        await Eventually.TrueAsync(() => Attempts().Count == 2, "both attempt spans have ended");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        // The gateway's server span for the request (the simulator's, in this trace too, hang under the attempts).
        var server = stopped.Single(a => a.TraceId == trace && a.SpanId == Attempts()[0].ParentSpanId);
        Assert.Equal(ActivityKind.Server, server.Kind);
        Assert.Equal("Microsoft.AspNetCore", server.Source.Name);
        Assert.All(Attempts(), a => Assert.Equal(server.SpanId, a.ParentSpanId));
        var discarded = Attempts().Single(a => (string?)a.GetTagItem("flexiai.provider") == Primary);
        Assert.Equal(true, discarded.GetTagItem("flexiai.discarded"));
        Assert.NotEqual(ActivityStatusCode.Error, discarded.Status);
        var answered = Attempts().Single(a => (string?)a.GetTagItem("flexiai.provider") == Secondary);
        Assert.NotEqual(ActivityStatusCode.Error, answered.Status);
        Assert.Equal(2, answered.GetTagItem("flexiai.attempt"));
    }

    private async Task<long> DiscardedAsync(string provider) => (await RequestsAsync(provider)).Discarded;

    /// <summary>The provider's attempt counts in this gateway's <c>/providers</c>.</summary>
    private async Task<(long Success, long Failure, long Discarded)> RequestsAsync(string provider)
    {
        var requests = (await gateway.ProviderAsync(provider, _ct)).GetProperty("requests");
        return (requests.GetProperty("success").GetInt64(), requests.GetProperty("failure").GetInt64(), requests.GetProperty("discarded").GetInt64());
    }
}
