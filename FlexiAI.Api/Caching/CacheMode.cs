namespace FlexiAI.Api.Caching;

/// <summary>What the response cache does for one request.</summary>
internal enum CacheMode
{
    /// <summary>Caching is not on for this request: no lookup, no store, no <c>x-flexiai-cache</c> header.</summary>
    Off,

    /// <summary>The request opted out (<c>x-flexiai-cache: bypass</c> or <c>Cache-Control: no-store</c>): no lookup, no store.</summary>
    Bypass,

    /// <summary><c>Cache-Control: no-cache</c>: no lookup, but the fresh answer replaces the entry.</summary>
    Refresh,

    /// <summary>Look up; on a miss, store the answer.</summary>
    Use,
}
