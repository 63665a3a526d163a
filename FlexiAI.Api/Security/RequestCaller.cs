namespace FlexiAI.Api.Security;

/// <summary>
/// The caller of the current request, as <see cref="KeyAuthenticationHandler"/> found it: what authorization, the rate
/// limiter and the response cache read. Found through <c>HttpContext.User</c>, which the authentication middleware sets
/// to the key's <see cref="CallerPrincipal"/> (built once per key): a read HttpContext caches, where a request feature of our own
/// cost a scan of Kestrel's feature slots at every read.
/// </summary>
public static class RequestCaller
{
    /// <summary>The caller of a configured key the request presented; null for any other request (no key, an unknown key, or no key configured).</summary>
    public static Caller? Of(HttpContext context) => (context.User as CallerPrincipal)?.Caller;

    /// <summary>The caller's rate-limit partition: its key's (precomputed, never the key), else its remote address.</summary>
    public static string RateLimitPartition(HttpContext context) =>
        Of(context)?.RateLimitPartition ?? "ip:" + (context.Connection.RemoteIpAddress?.ToString() ?? "unknown");

    /// <summary>The request comes from this machine.</summary>
    public static bool IsLoopback(HttpContext context) =>
        context.Connection.RemoteIpAddress is { } address && System.Net.IPAddress.IsLoopback(address);
}
