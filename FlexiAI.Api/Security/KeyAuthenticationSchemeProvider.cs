using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace FlexiAI.Api.Security;

/// <summary>
/// ASP.NET Core's scheme provider with its answers kept as completed tasks: the authentication middleware asks it for
/// the request-handler schemes and the default authenticate scheme on every request, and the framework's provider
/// builds a new <see cref="Task{TResult}"/> for each answer (about 250 B a request: docs/benchmarks.md, "The
/// production row"). The gateway registers its schemes at start-up; a scheme added or removed later drops the kept
/// answers.
/// </summary>
internal sealed class KeyAuthenticationSchemeProvider(IOptions<AuthenticationOptions> options) : AuthenticationSchemeProvider(options)
{
    private Task<AuthenticationScheme?>? _defaultAuthenticate;
    private Task<IEnumerable<AuthenticationScheme>>? _requestHandlers;
    private Task<AuthenticationScheme?>? _key;

    public override Task<AuthenticationScheme?> GetDefaultAuthenticateSchemeAsync() =>
        _defaultAuthenticate ??= base.GetDefaultAuthenticateSchemeAsync();

    public override Task<IEnumerable<AuthenticationScheme>> GetRequestHandlerSchemesAsync() =>
        _requestHandlers ??= base.GetRequestHandlerSchemesAsync();

    public override Task<AuthenticationScheme?> GetSchemeAsync(string name) =>
        name == KeyAuthenticationHandler.Scheme ? _key ??= base.GetSchemeAsync(name) : base.GetSchemeAsync(name);

    public override void AddScheme(AuthenticationScheme scheme)
    {
        base.AddScheme(scheme);
        Forget();
    }

    public override bool TryAddScheme(AuthenticationScheme scheme)
    {
        var added = base.TryAddScheme(scheme);
        Forget();
        return added;
    }

    public override void RemoveScheme(string name)
    {
        base.RemoveScheme(name);
        Forget();
    }

    private void Forget()
    {
        _defaultAuthenticate = null;
        _requestHandlers = null;
        _key = null;
    }
}
