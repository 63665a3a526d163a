using FlexiAI.Options;
using FlexiAI.Protocols.OpenAI;
using Microsoft.Net.Http.Headers;

namespace FlexiAI.Api.Caching;

/// <summary>
/// Whether and how one request uses the response cache, from the configuration and the request's headers:
/// <list type="number">
/// <item>The TTL: <c>FlexiAI:Cache:Routes:{route}</c>, else <c>Cache:Ttl</c> when <c>Cache:Enabled</c> or when the
/// request says <c>x-flexiai-cache: use</c> (and <c>Cache:AllowRequestOptIn</c>). A route set to 0 is never cached
/// (Off, whatever the request says); no TTL: Off, unless the request says <c>bypass</c>.</item>
/// <item><c>x-flexiai-cache: bypass</c> or <c>Cache-Control: no-store</c>: Bypass.</item>
/// <item><c>Cache-Control: no-cache</c>: Refresh; otherwise Use.</item>
/// </list>
/// </summary>
internal readonly record struct CacheDecision(CacheMode Mode, TimeSpan Ttl)
{
    /// <summary>Request header (<c>use</c> | <c>bypass</c>) and response header (<c>hit</c> | <c>miss</c> | <c>bypass</c>).</summary>
    public const string Header = "x-flexiai-cache";

    public bool LooksUp => Mode == CacheMode.Use;

    public bool Stores => Mode is CacheMode.Use or CacheMode.Refresh;

    /// <summary>Decides; false with an error when <c>x-flexiai-cache</c> has a value other than <c>use</c> or <c>bypass</c>.</summary>
    /// <param name="options">The cache settings.</param>
    /// <param name="routeTtls"><see cref="CacheOptions.Routes"/>, case-insensitive.</param>
    /// <param name="route">The route the request named.</param>
    /// <param name="headers">The request's headers.</param>
    /// <param name="decision">What to do.</param>
    /// <param name="error">Why the request is invalid.</param>
    public static bool TryDecide(CacheOptions options, IReadOnlyDictionary<string, TimeSpan> routeTtls, string route, IHeaderDictionary headers,
        out CacheDecision decision, out RequestError? error)
    {
        decision = default;
        error = null;
        var asked = headers[Header];
        var optIn = false;
        var optOut = false;
        if (asked.Count > 0)
        {
            var value = asked.Count == 1 ? asked[0]?.Trim() : null;
            optIn = string.Equals(value, "use", StringComparison.OrdinalIgnoreCase);
            optOut = string.Equals(value, "bypass", StringComparison.OrdinalIgnoreCase);
            if (!optIn && !optOut)
            {
                error = new RequestError($"The {Header} header must be 'use' or 'bypass'.", Header);
                return false;
            }
        }

        TimeSpan? ttl = routeTtls.TryGetValue(route, out var routeTtl) ? routeTtl
            : options.Enabled || (optIn && options.AllowRequestOptIn) ? options.Ttl
            : null;
        if (ttl == TimeSpan.Zero || (ttl is null && !optOut))
        {
            return true;
        }
        var control = CacheControlHeaderValue.TryParse(headers.CacheControl.ToString(), out var parsed) ? parsed : null;
        if (optOut || control?.NoStore == true || ttl is not { } lifetime)
        {
            decision = new CacheDecision(CacheMode.Bypass, TimeSpan.Zero);
            return true;
        }
        decision = new CacheDecision(control?.NoCache == true ? CacheMode.Refresh : CacheMode.Use, lifetime);
        return true;
    }
}
