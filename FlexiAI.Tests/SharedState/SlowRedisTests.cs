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

    [Fact]
    public async Task A_probe_lease_granted_after_the_operation_timeout_is_given_back()
    {
        var server = redis.Require();
        var options = Options();
        var store = await RedisStores.CreateAsync(server, options, TimeProvider.System, _owned);
        var keys = new RedisBreakerKeys(options.Redis.KeyPrefix);
        await using var admin = await ConnectionMultiplexer.ConnectAsync(server.ConnectionString + ",allowAdmin=true");
        var db = admin.GetDatabase();
        var opened = await store.ForceOpenAsync(Provider, "test", _ct);
        await Eventually.TrueAsync(() => DateTimeOffset.UtcNow > opened.RetryAt, "the recovery time has passed");

        // Redis stops answering for longer than the operation timeout; the script runs when it wakes up.
        options.Redis.OperationTimeout = TimeSpan.FromMilliseconds(50);
        await db.ExecuteAsync("CLIENT", "PAUSE", "600", "ALL");
        var lease = await store.TryAcquireProbeAsync(Provider, TimeSpan.FromSeconds(30), _ct);
        Assert.Null(lease);

        // The late script made the breaker HALF_OPEN and granted the lease; the store gives it back (else: 30 s).
        await Eventually.TrueAsync(async () =>
            (int)await db.HashGetAsync(keys.Breaker(Provider), "s") == (int)CircuitState.HalfOpen
            && await db.SortedSetLengthAsync(keys.Probes(Provider)) == 0,
            "the late lease is released", TimeSpan.FromSeconds(5));

        options.Redis.OperationTimeout = TimeSpan.FromSeconds(2);
        var probe = await store.TryAcquireProbeAsync(Provider, TimeSpan.FromSeconds(30), _ct);
        Assert.NotNull(probe);
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
