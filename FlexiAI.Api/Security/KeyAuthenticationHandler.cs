using Microsoft.AspNetCore.Authentication;

namespace FlexiAI.Api.Security;

/// <summary>
/// The gateway's authentication scheme (<see cref="Scheme"/>): the key a request presents (<see cref="PresentedKey"/>)
/// checked by <see cref="KeyAuthenticator"/> (once per keep-alive connection while its bearer header stays the same:
/// <see cref="ConnectionKeyMemo"/>). The caller found is kept as a request feature (<see cref="RequestCaller"/>)
/// and its principal is built once per key (<see cref="Caller.Authenticated"/>), so a request allocates no principal.
/// With no key configured at all nothing is checked (no digest per request) and no caller is set. Challenges and
/// refusals are written by <see cref="KeyAuthorizationResultHandler"/> in OpenAI's error shape. An instance serves one
/// request (<see cref="KeyAuthenticationHandlerProvider"/> builds it for challenges and refusals); authenticating needs
/// none (<see cref="Authenticate"/>).
/// </summary>
internal sealed class KeyAuthenticationHandler(KeyAuthenticator authenticator, HttpContext context) : IAuthenticationHandler
{
    public const string Scheme = "FlexiAIKey";

    private static readonly Task<AuthenticateResult> NoKeysConfigured = Task.FromResult(AuthenticateResult.NoResult());

    /// <summary>The check itself, without a handler instance (what <see cref="KeyAuthenticationService"/> calls per request).</summary>
    public static Task<AuthenticateResult> Authenticate(KeyAuthenticator authenticator, HttpContext context)
    {
        if (authenticator.Open)
        {
            return NoKeysConfigured;
        }
        var caller = ConnectionKeyMemo.Authenticate(authenticator, context);
        context.Features.Set(caller);
        return caller.Authenticated;
    }

    public Task InitializeAsync(AuthenticationScheme scheme, HttpContext context) => Task.CompletedTask;

    public Task<AuthenticateResult> AuthenticateAsync() => Authenticate(authenticator, context);

    public Task ChallengeAsync(AuthenticationProperties? properties) => KeyDenial.Unauthorized.WriteAsync(context);

    public Task ForbidAsync(AuthenticationProperties? properties) => KeyDenial.NotAdmin.WriteAsync(context);
}
