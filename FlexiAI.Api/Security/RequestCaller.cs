namespace FlexiAI.Api.Security;

/// <summary>
/// The caller of the current request, as <see cref="KeyAuthenticationHandler"/> found it: what the rate limiter, the
/// response cache and the metrics read. Kept as a request feature: Kestrel reuses its feature slots per connection, so
/// storing it allocates nothing per request.
/// </summary>
public static class RequestCaller
{
    /// <summary>The caller the key check found, or null where no key is configured (the check is skipped).</summary>
    public static Caller? Of(HttpContext context) => context.Features.Get<Caller>();

    /// <summary>The caller's rate-limit partition: its key's (precomputed, never the key), else its remote address.</summary>
    public static string RateLimitPartition(HttpContext context) =>
        Of(context)?.RateLimitPartition ?? "ip:" + (context.Connection.RemoteIpAddress?.ToString() ?? "unknown");

    /// <summary>The request comes from this machine.</summary>
    public static bool IsLoopback(HttpContext context) =>
        context.Connection.RemoteIpAddress is { } address && System.Net.IPAddress.IsLoopback(address);
}
