using FlexiAI.Tests.Infrastructure;
using FlexiAI.Tests.Simulator;

namespace FlexiAI.Tests.SharedState;

/// <summary>The gateway never fails to start, and never stops serving, because Redis is down.</summary>
public sealed class RedisUnavailableAtStartTests(SimulatorFixture simulator) : IClassFixture<SimulatorFixture>
{
    [Fact]
    public async Task Starts_and_serves_with_local_breakers_when_redis_is_down()
    {
        var ct = TestContext.Current.CancellationToken;
        await simulator.ResetAsync(ct);
        var nothingListens = $"127.0.0.1:{LoopbackPorts.Free()}";
        await using var cluster = await GatewayClusterWithoutRedisAsync(nothingListens);
        var instance = cluster.Instances[0];

        using var response = await instance.ChatAsync(ct);
        var health = await instance.HealthAsync();

        Assert.True(response.IsSuccessStatusCode);
        Assert.Equal("degraded", health.GetProperty("status").GetString());
        Assert.False(health.GetProperty("redis_connected").GetBoolean());
        Assert.True(health.GetProperty("sync_enabled").GetBoolean());
        Assert.False(health.GetProperty("sync").GetProperty("connected").GetBoolean());
    }

    private Task<GatewayCluster> GatewayClusterWithoutRedisAsync(string connectionString) =>
        GatewayCluster.StartAsync(connectionString, simulator, 1, waitForSync: false);
}
