namespace FlexiAI.Tests.Routing;

/// <summary>
/// The <c>latency</c> strategy on a gateway of its own (the recent latencies of other tests' slow providers would decide
/// otherwise): two equal providers, one 150 ms slower.
/// </summary>
public sealed class LatencyStrategyTests(RoutingGroupsFixture gateway) : IClassFixture<RoutingGroupsFixture>
{
    private const string A = RoutingGroupsFixture.A;
    private const string B = RoutingGroupsFixture.B;
    private readonly CancellationToken _ct = TestContext.Current.CancellationToken;

    [Fact]
    public async Task Latency_sends_most_requests_to_the_faster_member()
    {
        await gateway.ResetAsync(_ct);
        await gateway.Simulator.SetFaultAsync(B, new { mode = "ok", latency_ms = 150 }, _ct);
        // Past the first requests' connection set-up: both members measured on the weighted route (A 6 times, B twice).
        for (var i = 0; i < 8; i++)
        {
            await gateway.ChatAsync("weighted", $"warm-up {i}", _ct);
        }
        var answered = new List<string>();
        for (var i = 0; i < 2 * 16; i++)
        {
            answered.Add(await gateway.ChatAsync("latency", $"latency {i}", _ct));
        }

        var a = await gateway.ProviderAsync(A, _ct);
        var b = await gateway.ProviderAsync(B, _ct);
        Assert.True(b.GetProperty("load").GetProperty("latency_ms").GetDouble() > a.GetProperty("load").GetProperty("latency_ms").GetDouble());
        // One turn in 16 explores the other member; all the rest go to the faster one.
        Assert.InRange(answered.Count(p => p == B), 1, 6);
        Assert.InRange(answered.Count(p => p == A), 26, 31);
    }
}
