using FlexiAI.Options;
using FlexiAI.Redis;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using StackExchange.Redis;

namespace FlexiAI.Api.Hosting;

/// <summary>
/// The gateway's one Redis client, registered by Aspire's <c>AddRedisClient</c> (its health check, and its command spans
/// when spans are recorded) and configured for the gateway (<see cref="RedisClientConfiguration"/>): start and serve
/// with Redis down, reconnect every second, Sentinel and TLS from the connection string, a private CA from
/// <c>FlexiAI:Redis:TlsCaCertificatePath</c>.
/// Breakers, rate limits, the response cache and the replica registry all use it through <see cref="RedisConnection"/>,
/// which takes it from the container in the background: start-up never waits for Redis.
/// </summary>
public static class RedisClientRegistration
{
    /// <summary>The name of the health check <c>AddRedisClient</c> registers.</summary>
    public const string HealthCheckName = "StackExchange.Redis";

    private static readonly TimeSpan HealthCheckTimeout = TimeSpan.FromSeconds(2);

    /// <summary>Registers the client when a connection string is configured; without one breakers stay local.</summary>
    public static IHostApplicationBuilder AddGatewayRedis(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var redis = ReadOptions(builder.Configuration);
        if (string.IsNullOrWhiteSpace(redis.ConnectionString))
        {
            return builder;
        }
        builder.AddRedisClient(redis.ConnectionName,
            settings =>
            {
                settings.ConnectionString = redis.ConnectionString;
                // Its command spans only when spans are recorded: else its profiler would still time every command and
                // a drain loop turn them into activities nobody receives.
                settings.DisableTracing = !builder.RecordsSpans();
            },
            options => RedisClientConfiguration.Apply(options, redis));
        builder.Services.AddSingleton(sp => new RedisConnection(sp.GetRequiredService<IConnectionMultiplexer>,
            sp.GetRequiredService<ILogger<RedisConnection>>()));
        // Redis down is degraded, not unhealthy (breakers decide locally), and a health poll never waits long on it, nor
        // on the client's creation while Redis has never been reached (RedisClientHealthCheck).
        builder.Services.Configure<HealthCheckServiceOptions>(health =>
        {
            foreach (var registration in health.Registrations.Where(r => r.Name == HealthCheckName))
            {
                registration.FailureStatus = HealthStatus.Degraded;
                registration.Timeout = HealthCheckTimeout;
                var aspireCheck = registration.Factory;
                registration.Factory = sp => new RedisClientHealthCheck(sp.GetRequiredService<RedisConnection>(), () => aspireCheck(sp));
            }
        });
        return builder;
    }

    /// <summary>The Redis options as <c>AddFlexiAI</c> binds them (<c>FlexiAI:Sync</c>, then <c>FlexiAI:Redis</c>), read before the container exists.</summary>
    private static RedisOptions ReadOptions(IConfiguration configuration)
    {
        var redis = new RedisOptions();
        var section = configuration.GetSection(FlexiAIOptions.SectionName);
        section.GetSection("Sync").Bind(redis);
        section.GetSection("Redis").Bind(redis);
        redis.ConnectionString ??= configuration.GetConnectionString(redis.ConnectionName);
        return redis;
    }
}
