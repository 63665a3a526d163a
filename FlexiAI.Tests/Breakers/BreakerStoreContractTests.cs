using FlexiAI.Breakers;
using FlexiAI.Options;
using FlexiAI.Redis;
using FlexiAI.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;

namespace FlexiAI.Tests.Breakers;

public sealed class InMemoryBreakerStoreTests : BreakerStoreContract
{
    protected override Task<IBreakerStateStore> CreateStoreAsync(FlexiAIOptions options, ICollection<IAsyncDisposable> owned) =>
        Task.FromResult<IBreakerStateStore>(new InMemoryBreakerStateStore(Microsoft.Extensions.Options.Options.Create(options), Time));
}

public sealed class RedisServerBreakerStoreTests(RealRedisFixture redis) : BreakerStoreContract, IClassFixture<RealRedisFixture>
{
    protected override Task<IBreakerStateStore> CreateStoreAsync(FlexiAIOptions options, ICollection<IAsyncDisposable> owned) =>
        RedisStores.CreateAsync(redis.Require(), options, Time, owned);
}

public sealed class GarnetBreakerStoreTests(GarnetFixture garnet) : BreakerStoreContract, IClassFixture<GarnetFixture>
{
    protected override Task<IBreakerStateStore> CreateStoreAsync(FlexiAIOptions options, ICollection<IAsyncDisposable> owned) =>
        RedisStores.CreateAsync(garnet.Require(), options, Time, owned);
}

/// <summary>Redis breaker stores on a real server, each with its own key prefix, connected before use.</summary>
internal static class RedisStores
{
    public static async Task<IBreakerStateStore> CreateAsync(RedisServerProcess server, FlexiAIOptions options, TimeProvider time,
        ICollection<IAsyncDisposable> owned, string? keyPrefix = null, string connectionOptions = "")
    {
        options.Redis.ConnectionString = server.ConnectionString + connectionOptions;
        options.Redis.KeyPrefix = keyPrefix ?? "test-" + Guid.NewGuid().ToString("N")[..8];
        // A generous bound: a test machine under load must not turn a slow answer into a local decision.
        options.Redis.OperationTimeout = TimeSpan.FromSeconds(2);
        var wrapped = Microsoft.Extensions.Options.Options.Create(options);
        var connection = new RedisConnection(wrapped, NullLogger<RedisConnection>.Instance);
        var store = new RedisBreakerStateStore(connection, wrapped, time, NullLogger<RedisBreakerStateStore>.Instance);
        // Connects and starts the store's background loop (in a host, RedisBackgroundService does this).
        store.Start();
        owned.Add(store);
        owned.Add(connection);
        await Eventually.TrueAsync(() => store.SyncStatus.Connected, "the store connects and subscribes");
        return store;
    }
}
