using FlexiAI.Breakers;
using Microsoft.Extensions.Hosting;

namespace FlexiAI.Redis;

/// <summary>
/// Starts the Redis work with the host: the connection (in the background; start-up never waits for Redis) and, when
/// breaker state is shared, the store's loop (<see cref="RedisBreakerStateStore.Start"/>); stops the loop on shutdown.
/// </summary>
public sealed class RedisBackgroundService(RedisConnection connection, IBreakerStateStore breakers) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        connection.Start();
        (breakers as RedisBreakerStateStore)?.Start();
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) =>
        breakers is RedisBreakerStateStore store ? store.StopAsync().WaitAsync(cancellationToken) : Task.CompletedTask;
}
