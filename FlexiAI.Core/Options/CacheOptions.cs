using System.ComponentModel.DataAnnotations;

namespace FlexiAI.Options;

/// <summary>
/// The response cache of <c>POST /v1/chat/completions</c>, shared by every replica through Redis (the <c>cache</c>
/// connection string). Without Redis, or while it is unreachable, every request is a miss.
/// </summary>
public sealed class CacheOptions
{
    /// <summary>Longest accepted <see cref="Ttl"/> (and per-route TTL).</summary>
    public static readonly TimeSpan MaxTtl = TimeSpan.FromDays(30);

    /// <summary>
    /// Cache every route (except those set to zero in <see cref="Routes"/>) unless the request opts out. Default false:
    /// only requests that ask (<c>x-flexiai-cache: use</c>) and the routes in <see cref="Routes"/> are cached.
    /// </summary>
    public bool Enabled { get; set; }

    /// <summary>How long an answer stays cached. Default 5 minutes.</summary>
    public TimeSpan Ttl { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Per route (model alias): its TTL, which turns caching on for that route; zero turns it off, even on request.</summary>
    public Dictionary<string, TimeSpan> Routes { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Largest answer stored, in bytes (a whole JSON answer, or every event of a stream). Default 1 MiB.</summary>
    [Range(256, 64 * 1024 * 1024)]
    public int MaxEntryBytes { get; set; } = 1024 * 1024;

    /// <summary>A request may turn caching on for itself with <c>x-flexiai-cache: use</c>. Default true.</summary>
    public bool AllowRequestOptIn { get; set; } = true;
}
