using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace FlexiAI.Api.Security;

/// <summary>Registers the key scheme (<see cref="KeyAuthenticationHandler"/>), the key policies and their evaluation.</summary>
public static class KeyAuthenticationExtensions
{
    public static IServiceCollection AddKeyAuthentication(this IServiceCollection services)
    {
        services.AddSingleton<KeyAuthenticator>();
        services.AddSingleton<KeyRules>();
        services.AddHostedService<OpenGatewayWarning>();
        services.AddAuthentication(options =>
        {
            options.AddScheme<KeyAuthenticationHandler>(KeyAuthenticationHandler.Scheme, "Client or admin key");
            options.DefaultScheme = KeyAuthenticationHandler.Scheme;
        });
        // Singletons in place of the framework's per-request (scoped) services, so that a request allocates no scheme
        // task, handler dictionary, service or ticket (docs/benchmarks.md, "The production row").
        services.Replace(ServiceDescriptor.Singleton<IAuthenticationSchemeProvider, KeyAuthenticationSchemeProvider>());
        services.Replace(ServiceDescriptor.Singleton<IAuthenticationHandlerProvider, KeyAuthenticationHandlerProvider>());
        services.Replace(ServiceDescriptor.Singleton<IAuthenticationService, KeyAuthenticationService>());
        services.AddAuthorizationBuilder().AddKeyPolicies();
        services.AddSingleton<IAuthorizationHandler, KeyRequirementHandler>();
        services.AddSingleton<IPolicyEvaluator, KeyPolicyEvaluator>();
        services.AddSingleton<IAuthorizationMiddlewareResultHandler, KeyAuthorizationResultHandler>();
        return services;
    }
}
