namespace FlexiAI.Options;

/// <summary>Sharing breaker state between replicas through Redis (the <c>cache</c> connection string).</summary>
public sealed class SyncOptions
{
    /// <summary>Share breaker state through Redis when a connection string is configured. Default true.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Prefix of every Redis key. Default <c>flexiai</c>.</summary>
    public string KeyPrefix { get; set; } = "flexiai";

    /// <summary>Expiry of breaker state keys in Redis. Default 24 h.</summary>
    public TimeSpan StateTtl { get; set; } = TimeSpan.FromHours(24);

    /// <summary>How often each replica re-reads the shared state to repair lost messages. Default 5 s.</summary>
    public TimeSpan ReconcileInterval { get; set; } = TimeSpan.FromSeconds(5);
}
