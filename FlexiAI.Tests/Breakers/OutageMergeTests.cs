using FlexiAI.Breakers;
using FlexiAI.Options;
using FlexiAI.Redis;
using FlexiAI.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using StackExchange.Redis;

namespace FlexiAI.Tests.Breakers;

/// <summary>
/// The merge of a state decided while Redis was out of reach (<see cref="RedisBreakerOutageMerger"/>) on a real
/// redis-server, against an operator's reset that lands between the merge's reads and its writes. Before the fix such a
/// reconcile forced the state it had read back onto the replica (seen as a provider skipped right after
/// <c>POST /providers/{name}/reset</c>), or re-opened in Redis the breaker the operator had just reset.
/// </summary>
public sealed class OutageMergeTests(RealRedisFixture redis) : IClassFixture<RealRedisFixture>, IAsyncDisposable
{
    private const string Provider = "p1";
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(2);
    private readonly CancellationToken _ct = TestContext.Current.CancellationToken;
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 2, 6, 0, 0, TimeSpan.Zero));
    private readonly List<IAsyncDisposable> _owned = [];

    [Fact]
    public async Task A_reset_after_the_merge_read_redis_is_not_undone_in_redis_nor_on_the_replica()
    {
        var (cluster, mirror, merger, keys) = await StartAsync();
        // Another replica opened the breaker; this one opened it too, later, while it could not reach Redis.
        var remote = await cluster.ForceOpenAsync(Provider, "HTTP 500", _ct);
        _time.Advance(TimeSpan.FromSeconds(1));
        var local = await mirror.Local.ForceOpenAsync(Provider, "HTTP 500 offline", _ct);
        mirror.MarkOffline(Provider);
        var mark = mirror.OfflineMark(Provider);

        // The operator's reset reaches Redis and this replica (what RedisBreakerStateStore.ResetAsync does) after the
        // reconcile read both states and before the merge writes.
        var reset = await cluster.ResetAsync(Provider, _ct);
        mirror.ApplyDecided(Provider, reset);
        await merger.MergeAsync(Provider, mark, local, remote, Timeout);

        Assert.Equal("0", await StoredStateAsync(keys));
        Assert.Equal(CircuitState.Closed, mirror.GetState(Provider).State);
        Assert.False(mirror.IsOffline(Provider));
    }

    [Fact]
    public async Task A_reset_before_the_merge_read_the_replica_keeps_the_reset_not_the_stale_redis_state()
    {
        var (cluster, mirror, merger, keys) = await StartAsync();
        var remote = await cluster.ForceOpenAsync(Provider, "HTTP 500", _ct);
        mirror.MarkOffline(Provider);
        var mark = mirror.OfflineMark(Provider);

        // The reset lands after the reconcile read Redis (open) and before it read the replica's own state (now closed).
        var reset = await cluster.ResetAsync(Provider, _ct);
        mirror.ApplyDecided(Provider, reset);
        await merger.MergeAsync(Provider, mark, mirror.GetState(Provider), remote, Timeout);

        Assert.Equal(CircuitState.Closed, mirror.GetState(Provider).State);
        Assert.Equal(reset.Epoch, mirror.GetState(Provider).Epoch);
        Assert.Equal("0", await StoredStateAsync(keys));
    }

    [Fact]
    public async Task A_breaker_opened_offline_is_adopted_when_redis_did_not_change_since_the_read()
    {
        var (cluster, mirror, merger, keys) = await StartAsync();
        var remote = await cluster.ResetAsync(Provider, _ct);
        var local = await mirror.Local.ForceOpenAsync(Provider, "HTTP 500 offline", _ct);
        mirror.MarkOffline(Provider);

        await merger.MergeAsync(Provider, mirror.OfflineMark(Provider), local, remote, Timeout);

        Assert.Equal("2", await StoredStateAsync(keys));
        Assert.Equal(CircuitState.Open, mirror.GetState(Provider).State);
        Assert.False(mirror.IsOffline(Provider));
    }

    [Fact]
    public async Task A_merge_that_read_redis_before_another_change_leaves_its_mark_for_the_next_reconcile()
    {
        var (cluster, mirror, merger, keys) = await StartAsync();
        var remote = await cluster.ResetAsync(Provider, _ct);
        var local = await mirror.Local.ForceOpenAsync(Provider, "HTTP 500 offline", _ct);
        mirror.MarkOffline(Provider);
        var mark = mirror.OfflineMark(Provider);

        // Another replica changes the state after the read: the merge writes nothing and keeps the mark.
        await cluster.RecordFailureAsync(Provider, new BreakerFailure("HTTP 500"), _ct);
        await merger.MergeAsync(Provider, mark, local, remote, Timeout);

        Assert.Equal("0", await StoredStateAsync(keys));
        Assert.Equal(mark, mirror.OfflineMark(Provider));
        Assert.Equal(CircuitState.Open, mirror.GetState(Provider).State);
    }

    /// <summary>
    /// A Redis store standing for the rest of the cluster, and the parts of this replica's store the merge uses, on
    /// their own connection and a fresh key prefix.
    /// </summary>
    private async Task<(IBreakerStateStore Cluster, RedisBreakerMirror Mirror, RedisBreakerOutageMerger Merger, RedisBreakerKeys Keys)> StartAsync()
    {
        var server = redis.Require();
        var options = new FlexiAIOptions
        {
            Providers = [new ProviderOptions { Name = Provider, Model = "m", Endpoint = new Uri("http://localhost/") }],
            CircuitBreaker = new CircuitBreakerOptions { FailureThreshold = 3, RecoveryTimeout = TimeSpan.FromSeconds(30) },
        };
        var cluster = await RedisStores.CreateAsync(server, options, _time, _owned);

        var wrapped = Microsoft.Extensions.Options.Options.Create(options);
        var connection = new RedisConnection(wrapped, NullLogger<RedisConnection>.Instance);
        _owned.Add(connection);
        connection.Start();
        await connection.Created;
        await Eventually.TrueAsync(() => connection.IsConnected, "this replica connects");
        var access = new RedisAccess(connection, _time, NullLogger.Instance);
        var scripts = new RedisBreakerScriptRunner(access, options.Redis, NullLogger.Instance);
        var mirror = new RedisBreakerMirror(wrapped, _time);
        return (cluster, mirror, new RedisBreakerOutageMerger(mirror, scripts, _time, NullLogger.Instance), scripts.Keys);
    }

    private async Task<string?> StoredStateAsync(RedisBreakerKeys keys)
    {
        await using var direct = await ConnectionMultiplexer.ConnectAsync(redis.Require().ConnectionString);
        return await direct.GetDatabase().HashGetAsync(keys.Breaker(Provider), "s");
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var owned in Enumerable.Reverse(_owned))
        {
            await owned.DisposeAsync();
        }
    }
}
