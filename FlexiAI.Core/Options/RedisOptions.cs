namespace FlexiAI.Options;

/// <summary>
/// The <c>FlexiAI:Redis</c> section: the one Redis connection (by default <c>ConnectionStrings:cache</c>) that breakers,
/// rate limits, the response cache and the replica registry share, and how breaker state is synchronized through it.
/// The former section name <c>FlexiAI:Sync</c> is still read (values under <c>FlexiAI:Redis</c> win).
/// </summary>
public sealed class RedisOptions
{
    /// <summary>Share breaker state through Redis when a connection string is configured. Default true.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Prefix of every Redis key. Default <c>flexiai</c>.</summary>
    public string KeyPrefix { get; set; } = "flexiai";

    /// <summary>Expiry of breaker state keys in Redis. Default 24 h.</summary>
    public TimeSpan StateTtl { get; set; } = TimeSpan.FromHours(24);

    /// <summary>How often each replica re-reads the shared state to repair lost messages. Default 5 s.</summary>
    public TimeSpan ReconcileInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The connection string name: <c>ConnectionStrings:{ConnectionName}</c>. Default <c>cache</c>.</summary>
    public string ConnectionName { get; set; } = "cache";

    /// <summary>
    /// The Redis connection string (secret: may hold a password; never logged). Default: <c>ConnectionStrings:{ConnectionName}</c>.
    /// Standalone <c>host:port</c>, Sentinel <c>host:26379,serviceName=mymaster</c>, Cluster (any node), <c>password=</c>, <c>ssl=true</c>.
    /// </summary>
    public string? ConnectionString { get; set; }

    /// <summary>
    /// With <c>ssl=true</c> in the connection string: a PEM file with the certificate authority that issued the Redis
    /// server's certificate, when it is a private one not in the system's trust store.
    /// </summary>
    public string? TlsCaCertificatePath { get; set; }

    /// <summary>
    /// The longest a request waits on Redis (breakers, rate-limit leases, cache lookups, the health check's PING); past
    /// it the replica decides locally. Default 50 ms.
    /// </summary>
    public TimeSpan OperationTimeout { get; set; } = TimeSpan.FromMilliseconds(50);
}
