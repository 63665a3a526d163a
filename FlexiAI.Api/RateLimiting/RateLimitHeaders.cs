using System.Globalization;
using Microsoft.Net.Http.Headers;

namespace FlexiAI.Api.RateLimiting;

/// <summary>
/// The headers of a 429, as OpenAI sends them and its clients read them: <c>Retry-After</c> (seconds),
/// <c>retry-after-ms</c>, and per configured limit <c>x-ratelimit-limit-{requests|tokens}</c>; for the limit that
/// refused, also <c>x-ratelimit-remaining-*</c> (0) and <c>x-ratelimit-reset-*</c> (a duration such as <c>1m30s</c>).
/// </summary>
internal static class RateLimitHeaders
{
    public static void Write(IHeaderDictionary headers, RateLimitDecision decision, DistributedRateLimiter limiter)
    {
        headers[HeaderNames.RetryAfter] = Seconds(decision.RetryAfter);
        headers["retry-after-ms"] = ((long)Math.Ceiling(decision.RetryAfter.TotalMilliseconds)).ToString(CultureInfo.InvariantCulture);
        if (limiter.RequestsPerMinute > 0)
        {
            headers["x-ratelimit-limit-requests"] = limiter.RequestsPerMinute.ToString(CultureInfo.InvariantCulture);
        }
        if (limiter.TokensPerMinute > 0)
        {
            headers["x-ratelimit-limit-tokens"] = limiter.TokensPerMinute.ToString(CultureInfo.InvariantCulture);
        }
        headers["x-ratelimit-remaining-" + decision.Limit] = "0";
        headers["x-ratelimit-reset-" + decision.Limit] = Duration(decision.RetryAfter);
    }

    /// <summary>Whole seconds, rounded up, at least 1 (<c>Retry-After</c>).</summary>
    public static string Seconds(TimeSpan value) => Math.Max(1, (int)Math.Ceiling(value.TotalSeconds)).ToString(CultureInfo.InvariantCulture);

    /// <summary>OpenAI's duration form: <c>250ms</c>, <c>12s</c>, <c>1m30s</c>.</summary>
    public static string Duration(TimeSpan value)
    {
        if (value < TimeSpan.FromSeconds(1))
        {
            return Math.Max(1, (int)Math.Ceiling(value.TotalMilliseconds)).ToString(CultureInfo.InvariantCulture) + "ms";
        }
        var seconds = (long)Math.Ceiling(value.TotalSeconds);
        return seconds < 60
            ? seconds.ToString(CultureInfo.InvariantCulture) + "s"
            : string.Create(CultureInfo.InvariantCulture, $"{seconds / 60}m{seconds % 60}s");
    }
}
