using FlexiAI.Options;
using StackExchange.Redis;

namespace FlexiAI.Redis;

/// <summary>
/// What FlexiAI needs of a Redis client, applied to Aspire's (<c>AddRedisClient</c>'s options callback) and to the one
/// FlexiAI.Core builds on its own: start with Redis down and keep reconnecting every second, and trust a private CA.
/// </summary>
public static class RedisClientConfiguration
{
    /// <summary>Parses <see cref="RedisOptions.ConnectionString"/> and applies <see cref="Apply"/>.</summary>
    public static ConfigurationOptions Parse(RedisOptions redis)
    {
        ArgumentNullException.ThrowIfNull(redis);
        var options = ConfigurationOptions.Parse(redis.ConnectionString
            ?? throw new InvalidOperationException($"ConnectionStrings:{redis.ConnectionName} is not set."));
        Apply(options, redis);
        return options;
    }

    /// <summary>Start-up and reconnection behaviour, and the private CA of <see cref="RedisOptions.TlsCaCertificatePath"/>.</summary>
    public static void Apply(ConfigurationOptions options, RedisOptions redis)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(redis);
        if (redis.TlsCaCertificatePath is { Length: > 0 } caPath)
        {
            // The server's certificate must chain to this CA (the path was checked at start-up by the options validator).
            options.TrustIssuer(caPath);
        }
        options.AbortOnConnectFail = false;
        options.ConnectTimeout = Math.Min(options.ConnectTimeout, 2000);
        options.ConnectRetry = int.MaxValue;
        // Every second, not an exponential back-off: breaker state must be shared again within seconds of Redis
        // returning, however long it was away.
        options.ReconnectRetryPolicy = new LinearRetry(1000);
        options.ClientName ??= "flexiai";
    }
}
