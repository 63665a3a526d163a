using System.Net.Http.Json;
using FlexiAI.Tests.Infrastructure;

namespace FlexiAI.Tests.Routing;

/// <summary>
/// Providers of equal priority form a group that a route's strategy spreads requests over; a failure moves to the next
/// member, then to the next group. Real requests through the gateway to the simulator over HTTP.
/// </summary>
public sealed class GroupStrategyTests(RoutingGroupsFixture gateway) : IClassFixture<RoutingGroupsFixture>
{
    private const string A = RoutingGroupsFixture.A;
    private const string B = RoutingGroupsFixture.B;
    private readonly CancellationToken _ct = TestContext.Current.CancellationToken;

    [Fact]
    public async Task Weighted_spreads_a_group_in_proportion_to_the_weights()
    {
        await gateway.ResetAsync(_ct);
        var answered = new List<string>();

        // Two whole cycles of the weights (3 + 1), wherever the route's turn stood.
        for (var i = 0; i < 8; i++)
        {
            answered.Add(await gateway.ChatAsync("weighted", $"weighted {i}", _ct));
        }

        Assert.Equal(6, answered.Count(p => p == A));
        Assert.Equal(2, answered.Count(p => p == B));
        Assert.Equal(0, (await gateway.Simulator.GetStatsAsync(RoutingGroupsFixture.Anthropic, _ct)).GetProperty("calls").GetInt64());
    }

    [Fact]
    public async Task A_failure_moves_to_the_next_member_then_to_the_next_group()
    {
        await gateway.ResetAsync(_ct);
        await gateway.Simulator.SetFaultAsync(B, new { mode = "error", status = 500 }, _ct);

        var answered = new List<string>();
        for (var i = 0; i < 4; i++)
        {
            answered.Add(await gateway.ChatAsync("weighted", $"failing member {i}", _ct));
        }
        Assert.All(answered, p => Assert.Equal(A, p));
        Assert.Equal(1, (await gateway.Simulator.GetStatsAsync(B, _ct)).GetProperty("calls").GetInt64());
        Assert.Equal(1, (await gateway.ProviderAsync(B, _ct)).GetProperty("failure_count").GetInt32());

        await gateway.Simulator.SetFaultAsync(A, new { mode = "error", status = 503 }, _ct);
        using var response = await gateway.Client.PostAsJsonAsync("v1/chat/completions",
            new { model = "weighted", messages = new[] { new { role = "user", content = "whole group down" } } }, _ct);
        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal(RoutingGroupsFixture.Anthropic, response.Headers.GetValues("x-flexiai-provider").Single());
        Assert.Equal("3", response.Headers.GetValues("x-flexiai-attempts").Single());
    }

    [Fact]
    public async Task Least_busy_sends_a_request_to_the_member_with_fewer_in_flight()
    {
        await gateway.ResetAsync(_ct);
        await gateway.Simulator.SetFaultAsync(A, new { mode = "ok", latency_ms = 1500 }, _ct);
        await gateway.Simulator.SetFaultAsync(B, new { mode = "ok", latency_ms = 1500 }, _ct);

        var first = gateway.ChatAsync("least-busy", "first, held", _ct);
        string? busy = null;
        await Eventually.TrueAsync(async () =>
        {
            foreach (var name in new[] { A, B })
            {
                if ((await gateway.ProviderAsync(name, _ct)).GetProperty("load").GetProperty("in_flight").GetInt32() == 1)
                {
                    busy = name;
                    return true;
                }
            }
            return false;
        }, "one member has the first request in flight");

        var second = await gateway.ChatAsync("least-busy", "second", _ct);

        Assert.Equal(busy, await first);
        Assert.NotEqual(busy, second);
        await Eventually.TrueAsync(async () => (await gateway.ProviderAsync(busy!, _ct)).GetProperty("load").GetProperty("in_flight").GetInt32() == 0,
            "the in-flight count is back to zero");
    }

    [Fact]
    public async Task Providers_report_weight_share_in_flight_and_recent_latency()
    {
        await gateway.ResetAsync(_ct);
        await gateway.ChatAsync("weighted", "report", _ct);

        var a = (await gateway.ProviderAsync(A, _ct)).GetProperty("load");
        var b = (await gateway.ProviderAsync(B, _ct)).GetProperty("load");

        Assert.Equal(3, a.GetProperty("weight").GetInt32());
        Assert.Equal(1, b.GetProperty("weight").GetInt32());
        Assert.Equal(0, a.GetProperty("in_flight").GetInt32());
        var shares = a.GetProperty("share").GetDouble() + b.GetProperty("share").GetDouble() +
            (await gateway.ProviderAsync(RoutingGroupsFixture.Anthropic, _ct)).GetProperty("load").GetProperty("share").GetDouble();
        Assert.InRange(shares, 0.99, 1.01);
        Assert.True(a.GetProperty("latency_ms").GetDouble() > 0 || b.GetProperty("latency_ms").GetDouble() > 0);
    }
}
