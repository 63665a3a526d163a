using System.ComponentModel.DataAnnotations;

namespace FlexiAI.Options;

/// <summary>
/// Limits per client key (per remote address for callers without a key), shared by every replica through Redis.
/// 0 turns a limit off. Each replica admits from budget leases it takes from Redis in the background (a slice of the
/// limit at a time), so a request does not wait on Redis. While Redis is unreachable each replica enforces its share
/// (the limit divided by the live replicas it last saw).
/// </summary>
public sealed class RateLimitOptions
{
    /// <summary>Requests per minute to <c>/v1/chat/completions</c> and <c>/chat</c>. Default 0 (off).</summary>
    [Range(0, int.MaxValue)]
    public int RequestsPerMinute { get; set; }

    /// <summary>Tokens (prompt + completion, as the provider reported them) per minute. Default 0 (off).</summary>
    [Range(0, int.MaxValue)]
    public int TokensPerMinute { get; set; }

    /// <summary>
    /// The largest slice of a limit one replica leases from Redis at a time, as a fraction of the limit (at least 1
    /// request or token). Larger: fewer Redis calls; smaller: less budget stranded on replicas a caller stopped using.
    /// Default 0.01 (1%).
    /// </summary>
    [Range(0.0001, 0.5)]
    public double LeaseFraction { get; set; } = 0.01;

    public bool Enabled => RequestsPerMinute > 0 || TokensPerMinute > 0;
}
