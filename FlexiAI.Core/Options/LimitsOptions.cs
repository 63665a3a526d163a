using System.ComponentModel.DataAnnotations;

namespace FlexiAI.Options;

/// <summary>Bounds on what one request may ask for. Requests beyond them get a 4xx that names the limit.</summary>
public sealed class LimitsOptions
{
    /// <summary>Largest request body, in bytes. Default 4 MiB.</summary>
    [Range(1024, 256L * 1024 * 1024)]
    public long MaxRequestBytes { get; set; } = 4 * 1024 * 1024;

    /// <summary>Most messages in one request. Default 2048.</summary>
    [Range(1, 1_000_000)]
    public int MaxMessages { get; set; } = 2048;

    /// <summary>Longest text of one message, in characters (after JSON unescaping). Default 1,000,000.</summary>
    [Range(1, 100_000_000)]
    public int MaxContentCharacters { get; set; } = 1_000_000;

    /// <summary>Largest <c>max_tokens</c> / <c>max_completion_tokens</c> accepted. Default 1,000,000.</summary>
    [Range(1, int.MaxValue)]
    public int MaxOutputTokens { get; set; } = 1_000_000;

    /// <summary>
    /// Requests and streams in flight on one replica (<c>/v1/chat/completions</c>, <c>/chat</c>); beyond it a request gets
    /// 503 with <c>Retry-After</c> at once. Default 2,000: what a replica holds within the Deployment's 512 MiB
    /// (docs/operations.md, "Sizing pods").
    /// </summary>
    [Range(1, 1_000_000)]
    public int MaxConcurrentRequests { get; set; } = DefaultMaxConcurrentRequests;

    public const int DefaultMaxConcurrentRequests = 2000;

    /// <summary>
    /// Largest server-sent event a provider may send, in bytes (comments and blank lines before it included). A bigger
    /// one makes the stream malformed: before the first event it fails over, after it the caller gets an error event.
    /// Default 1 MiB.
    /// </summary>
    [Range(1024, 256 * 1024 * 1024)]
    public int MaxStreamEventBytes { get; set; } = 1024 * 1024;
}
