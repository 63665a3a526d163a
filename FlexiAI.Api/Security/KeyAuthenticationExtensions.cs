using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;

namespace FlexiAI.Api.Security;

/// <summary>Registers the key scheme (<see cref="KeyAuthenticationHandler"/>), the key policies and their evaluation.</summary>
public static class KeyAuthenticationExtensions
{
    public static IServiceCollection AddKeyAuthentication(this IServiceCollection services)
    {
        services.AddSingleton<KeyAuthenticator>();
        services.AddSingleton<KeyRules>();
        services.AddHostedService<OpenGatewayWarning>();
        services.AddTransient<KeyAuthenticationHandler>();
        services.AddAuthentication(options =>
        {
            options.AddScheme<KeyAuthenticationHandler>(KeyAuthenticationHandler.Scheme, "Client or admin key");
            options.DefaultScheme = KeyAuthenticationHandler.Scheme;
        });
        services.AddAuthorizationBuilder().AddKeyPolicies();
        services.AddSingleton<IAuthorizationHandler, KeyRequirementHandler>();
        services.AddSingleton<IPolicyEvaluator, KeyPolicyEvaluator>();
        services.AddSingleton<IAuthorizationMiddlewareResultHandler, KeyAuthorizationResultHandler>();
        return services;
    }
}
