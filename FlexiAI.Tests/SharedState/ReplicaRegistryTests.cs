using FlexiAI.Tests.Infrastructure;
using FlexiAI.Tests.Simulator;
using StackExchange.Redis;

namespace FlexiAI.Tests.SharedState;

/// <summary>The replica registry in Redis stays bounded: replicas that are gone drop out by expiry, with nobody reading /cluster.</summary>
public sealed class ReplicaRegistryTests(RealRedisFixture redis, SimulatorFixture simulator)
    : IClassFixture<RealRedisFixture>, IClassFixture<SimulatorFixture>
{
    [Fact]
    public async Task A_replica_that_stopped_is_trimmed_from_the_index_by_expiry()
    {
        var server = redis.Require();
        await using var cluster = await GatewayCluster.StartAsync(server.ConnectionString, simulator, 3);
        await using var connection = await ConnectionMultiplexer.ConnectAsync(server.ConnectionString);
        var index = (RedisKey)("{" + cluster.KeyPrefix + "}:replicas-by-expiry");
        var db = connection.GetDatabase();
        await Eventually.TrueAsync(async () => await db.SortedSetLengthAsync(index) == 3, "three replicas are registered");

        await cluster.Instances[0].DisposeAsync();
        await cluster.Instances[1].DisposeAsync();

        await Eventually.TrueAsync(async () => await db.SortedSetLengthAsync(index) == 1,
            "the stopped replicas are trimmed", TimeSpan.FromSeconds(20));
        Assert.Equal(cluster.Instances[2].Id, (string?)(await db.SortedSetRangeByRankAsync(index)).Single());
    }
}
