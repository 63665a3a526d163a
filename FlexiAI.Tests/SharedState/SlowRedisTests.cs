using FlexiAI.Breakers;
using FlexiAI.Options;
using FlexiAI.Redis;
using FlexiAI.Tests.Breakers;
using FlexiAI.Tests.Infrastructure;
using StackExchange.Redis;

namespace FlexiAI.Tests.SharedState;

/// <summary>A real redis-server slowed on purpose (<c>CLIENT PAUSE</c>), and messages on the channel from elsewhere.</summary>
public sealed class SlowRedisTests(RealRedisFixture redis) : IClassFixture<RealRedisFixture>, IAsyncDisposable
{
    private const string Provider = "p1";
    private readonly List<IAsyncDisposable> _owned = [];
    private readonly CancellationToken _ct = TestContext.Current.CancellationToken;

    /// <summary>
    /// Redis stops answering for longer than the operation timeout; the probe script runs when it wakes up and grants a
    /// lease to nobody. Either the reply still reaches the client (a short freeze), or the client has already given up on
    /// it (a freeze longer than its own timeout, as in the drills' partition). Either way the lease is given back at once
    /// instead of blocking the cluster's probes for its life (30 s here).
    /// </summary>
    [Theory]
    [InlineData(600, "")]
    [InlineData(1500, ",asyncTimeout=300")]
    public async Task A_probe_lease_granted_after_the_operation_timeout_is_given_back(int freezeMs, string connectionOptions)
    {
        var server = redis.Require();
        var options = Options();
        var store = await RedisStores.CreateAsync(server, options, TimeProvider.System, _owned, connectionOptions: connectionOptions);
        var keys = new RedisBreakerKeys(options.Redis.KeyPrefix);
        await using var admin = await ConnectionMultiplexer.ConnectAsync(server.ConnectionString + ",allowAdmin=true");
        var db = admin.GetDatabase();
        var opened = await store.ForceOpenAsync(Provider, "test", _ct);
        await Eventually.TrueAsync(() => DateTimeOffset.UtcNow > opened.RetryAt, "the recovery time has passed");

        options.Redis.OperationTimeout = TimeSpan.FromMilliseconds(50);
        await db.ExecuteAsync("CLIENT", "PAUSE", freezeMs.ToString(System.Globalization.CultureInfo.InvariantCulture), "ALL");
        Assert.Null(await store.TryAcquireProbeAsync(Provider, TimeSpan.FromSeconds(30), _ct));

        await Eventually.TrueAsync(async () =>
            (int)await db.HashGetAsync(keys.Breaker(Provider), "s") == (int)CircuitState.HalfOpen
            && await db.SortedSetLengthAsync(keys.Probes(Provider)) == 0,
            "the script ran after the freeze and its lease is gone", TimeSpan.FromSeconds(10));

        options.Redis.OperationTimeout = TimeSpan.FromSeconds(2);
        await Eventually.TrueAsync(async () => await store.TryAcquireProbeAsync(Provider, TimeSpan.FromSeconds(30), _ct) is not null,
            "a probe is granted long before the abandoned lease would have expired", TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task A_message_about_a_provider_not_configured_here_is_ignored()
    {
        var server = redis.Require();
        var options = Options();
        var store = await RedisStores.CreateAsync(server, options, TimeProvider.System, _owned);
        var keys = new RedisBreakerKeys(options.Redis.KeyPrefix);
        await using var other = await ConnectionMultiplexer.ConnectAsync(server.ConnectionString);
        var open = BreakerState.Initial with { State = CircuitState.Open, Epoch = 42 };

        // A known provider's message is applied: the channel works; an unknown one's leaves no state behind.
        await other.GetSubscriber().PublishAsync(RedisChannel.Literal(keys.Channel), RedisBreakerCodec.Message("ghost", "elsewhere", open));
        await other.GetSubscriber().PublishAsync(RedisChannel.Literal(keys.Channel), RedisBreakerCodec.Message(Provider, "elsewhere", open));
        await Eventually.TrueAsync(() => store.GetState(Provider).State == CircuitState.Open, "the known provider's change arrives");

        Assert.Same(BreakerState.Initial, store.GetState("ghost"));
    }

    private static FlexiAIOptions Options() => new()
    {
        Providers = [new ProviderOptions { Name = Provider, Model = "m", Endpoint = new Uri("http://127.0.0.1:1/v1") }],
        CircuitBreaker = new CircuitBreakerOptions { RecoveryTimeout = TimeSpan.FromMilliseconds(200) },
    };

    public async ValueTask DisposeAsync()
    {
        foreach (var owned in _owned)
        {
            await owned.DisposeAsync();
        }
    }
}
