using System.ComponentModel.DataAnnotations;

namespace FlexiAI.Options;

/// <summary>
/// Limits per client key (per remote address for callers without a key), shared by every replica through Redis.
/// 0 turns a limit off. While Redis is unreachable each replica enforces its share (the limit divided by the live
/// replicas it last saw).
/// </summary>
public sealed class RateLimitOptions
{
    /// <summary>Requests per minute to <c>/v1/chat/completions</c> and <c>/chat</c>. Default 0 (off).</summary>
    [Range(0, int.MaxValue)]
    public int RequestsPerMinute { get; set; }

    /// <summary>Tokens (prompt + completion, as the provider reported them) per minute. Default 0 (off).</summary>
    [Range(0, int.MaxValue)]
    public int TokensPerMinute { get; set; }

    public bool Enabled => RequestsPerMinute > 0 || TokensPerMinute > 0;
}
