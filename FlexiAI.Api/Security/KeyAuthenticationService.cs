using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace FlexiAI.Api.Security;

/// <summary>
/// The authentication service, one for the process. Authenticating with the key scheme returns the caller's result as
/// <see cref="KeyAuthenticationHandler.Authenticate"/> gives it (a completed task kept per key), where the framework's
/// scoped service would resolve a handler, await it and wrap its result in a new ticket and result for the claims
/// transformation (none is registered: with one, or for any other scheme, or for challenges, refusals and sign-in, the
/// framework's <see cref="AuthenticationService"/> does the work, as before).
/// </summary>
internal sealed class KeyAuthenticationService(IAuthenticationSchemeProvider schemes, IAuthenticationHandlerProvider handlers,
    IClaimsTransformation transform, IOptions<AuthenticationOptions> options, KeyAuthenticator authenticator) : IAuthenticationService
{
    private readonly string? _defaultScheme = options.Value.DefaultAuthenticateScheme ?? options.Value.DefaultScheme;

    public Task<AuthenticateResult> AuthenticateAsync(HttpContext context, string? scheme) =>
        (scheme ?? _defaultScheme) == KeyAuthenticationHandler.Scheme && transform is NoopClaimsTransformation
            ? KeyAuthenticationHandler.Authenticate(authenticator, context)
            : Framework().AuthenticateAsync(context, scheme);

    public Task ChallengeAsync(HttpContext context, string? scheme, AuthenticationProperties? properties) =>
        Framework().ChallengeAsync(context, scheme, properties);

    public Task ForbidAsync(HttpContext context, string? scheme, AuthenticationProperties? properties) =>
        Framework().ForbidAsync(context, scheme, properties);

    public Task SignInAsync(HttpContext context, string? scheme, ClaimsPrincipal principal, AuthenticationProperties? properties) =>
        Framework().SignInAsync(context, scheme, principal, properties);

    public Task SignOutAsync(HttpContext context, string? scheme, AuthenticationProperties? properties) =>
        Framework().SignOutAsync(context, scheme, properties);

    /// <summary>The framework's service, for one call (it keeps per-request state, so it is never shared).</summary>
    private AuthenticationService Framework() => new(schemes, handlers, transform, options);
}
