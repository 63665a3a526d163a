using System.Diagnostics;
using FlexiAI.Tests.Infrastructure;
using FlexiAI.Tests.Simulator;
using StackExchange.Redis;

namespace FlexiAI.Tests.SharedState;

/// <summary>A real redis-server that keeps its connections and answers nothing (<c>CLIENT PAUSE</c>): <c>/health</c> says so.</summary>
public sealed class FrozenRedisHealthTests(RealRedisFixture redis, SimulatorFixture simulator)
    : IClassFixture<RealRedisFixture>, IClassFixture<SimulatorFixture>
{
    private static readonly TimeSpan OperationTimeout = TimeSpan.FromMilliseconds(200);

    [Fact]
    public async Task A_frozen_Redis_reads_degraded_on_the_full_health_report_within_the_operation_timeout()
    {
        var ct = TestContext.Current.CancellationToken;
        var server = redis.Require();
        await using var cluster = await GatewayCluster.StartAsync(server.ConnectionString, simulator, 1,
            new() { ["FlexiAI:Sync:OperationTimeout"] = OperationTimeout.ToString("c", System.Globalization.CultureInfo.InvariantCulture) });
        var gateway = cluster.Instances[0];
        await Eventually.TrueAsync(async () => (await gateway.HealthAsync()).GetProperty("redis_connected").GetBoolean(),
            "Redis answers before the freeze");

        await using var admin = await ConnectionMultiplexer.ConnectAsync(server.ConnectionString + ",allowAdmin=true");
        await admin.GetDatabase().ExecuteAsync("CLIENT", "PAUSE", "4000", "ALL");

        // The answer before the freeze is kept for up to 1 s; the first report after it that asks Redis says frozen.
        System.Text.Json.JsonElement report = default;
        var asked = TimeSpan.Zero;
        await Eventually.TrueAsync(async () =>
        {
            var call = Stopwatch.StartNew();
            report = await gateway.HealthAsync();
            asked = call.Elapsed;
            return !report.GetProperty("redis_connected").GetBoolean();
        }, "the report says Redis does not answer", TimeSpan.FromSeconds(3));
        Assert.Equal("degraded", report.GetProperty("status").GetString());
        var check = report.GetProperty("checks").GetProperty("redis");
        Assert.Equal("degraded", check.GetProperty("status").GetString());
        Assert.Contains("not answering", check.GetProperty("description").GetString(), StringComparison.Ordinal);
        // Bounded by the PING's timeout (200 ms), not by the 4 s freeze; the margin is for a loaded machine.
        Assert.True(asked < TimeSpan.FromSeconds(2), $"/health took {asked.TotalMilliseconds:0} ms");

        // Redis thaws: the report follows.
        await Eventually.TrueAsync(async () => (await gateway.HealthAsync()).GetProperty("redis_connected").GetBoolean(),
            "Redis answers again after the freeze", TimeSpan.FromSeconds(15));
    }
}
