using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;

namespace FlexiAI.Api.Security;

/// <summary>
/// Who sent a request. One instance per configured key, built at start-up: authenticating a request hands out one of
/// them (or <see cref="Anonymous"/>) and allocates nothing.
/// </summary>
/// <param name="Role">What the key allows.</param>
/// <param name="KeyId">A short, non-reversible id of the key (a digest prefix) for rate limits and logs; null when anonymous.</param>
public sealed record Caller(CallerRole Role, string? KeyId)
{
    private Task<AuthenticateResult>? _authenticated;

    public static Caller Anonymous { get; } = new(CallerRole.Anonymous, null);

    /// <summary>The rate-limit partition of this key (<c>key:{KeyId}</c>); null when anonymous (limited per remote address).</summary>
    public string? RateLimitPartition { get; } = KeyId is null ? null : "key:" + KeyId;

    /// <summary>
    /// This key's authentication result (its principal: a role claim and the key id as name), built on the key's first
    /// request and reused by every later one; no result for <see cref="Anonymous"/>. Built lazily so that a gateway
    /// configured with 100,000 keys holds principals only for the keys in use.
    /// </summary>
    internal Task<AuthenticateResult> Authenticated => _authenticated ??= Task.FromResult(Role == CallerRole.Anonymous
        ? AuthenticateResult.NoResult()
        : AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(new ClaimsIdentity(
            [new Claim(ClaimTypes.Name, KeyId!), new Claim(ClaimTypes.Role, Role == CallerRole.Admin ? "admin" : "client")],
            KeyAuthenticationHandler.Scheme, ClaimTypes.Name, ClaimTypes.Role)), KeyAuthenticationHandler.Scheme)));
}
