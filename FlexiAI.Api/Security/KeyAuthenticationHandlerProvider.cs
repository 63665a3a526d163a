using Microsoft.AspNetCore.Authentication;

namespace FlexiAI.Api.Security;

/// <summary>
/// The handler provider, one for the process: the framework's is scoped (so the authentication middleware's lookup of
/// it creates the request's service cache) and keeps a dictionary of handlers per request. The key scheme's handler
/// (<see cref="KeyAuthenticationHandler"/>) is built directly, only when a challenge or refusal needs it (authenticating
/// goes through <see cref="KeyAuthenticationService"/> without one); any other scheme's is built as the framework's
/// provider builds it.
/// </summary>
internal sealed class KeyAuthenticationHandlerProvider(IAuthenticationSchemeProvider schemes, KeyAuthenticator authenticator) : IAuthenticationHandlerProvider
{
    public Task<IAuthenticationHandler?> GetHandlerAsync(HttpContext context, string authenticationScheme) =>
        authenticationScheme == KeyAuthenticationHandler.Scheme
            ? Task.FromResult<IAuthenticationHandler?>(new KeyAuthenticationHandler(authenticator, context))
            : new AuthenticationHandlerProvider(schemes).GetHandlerAsync(context, authenticationScheme);
}
