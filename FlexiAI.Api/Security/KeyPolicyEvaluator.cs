using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;

namespace FlexiAI.Api.Security;

/// <summary>
/// The authorization middleware's <see cref="IPolicyEvaluator"/>, one for the process: a policy made of
/// <see cref="KeyRequirement"/>s alone is decided by <see cref="KeyRules"/> directly, with results built once, so the
/// request path resolves no authorization service, handler list or handler context per request (ASP.NET Core's
/// default evaluator does, several hundred bytes a request: docs/benchmarks.md, "The production row"). The caller is
/// the one the authentication middleware found (<see cref="KeyAuthenticationHandler"/>). Any other policy goes to the
/// default <see cref="PolicyEvaluator"/>.
/// </summary>
internal sealed class KeyPolicyEvaluator(KeyRules rules) : IPolicyEvaluator
{
    private static readonly Task<PolicyAuthorizationResult> Succeeded = Task.FromResult(PolicyAuthorizationResult.Success());
    private static readonly Task<PolicyAuthorizationResult> Challenged = Task.FromResult(PolicyAuthorizationResult.Challenge());
    private static readonly Task<PolicyAuthorizationResult> Forbidden = Task.FromResult(PolicyAuthorizationResult.Forbid());

    public Task<AuthenticateResult> AuthenticateAsync(AuthorizationPolicy policy, HttpContext context) =>
        KeyRulesOnly(policy)
            ? (RequestCaller.Of(context) ?? Caller.Anonymous).Authenticated
            : Default(context).AuthenticateAsync(policy, context);

    public Task<PolicyAuthorizationResult> AuthorizeAsync(AuthorizationPolicy policy, AuthenticateResult authenticationResult, HttpContext context, object? resource)
    {
        if (!KeyRulesOnly(policy))
        {
            return Default(context).AuthorizeAsync(policy, authenticationResult, context, resource);
        }
        var requirements = policy.Requirements;
        for (var i = 0; i < requirements.Count; i++)
        {
            if (rules.Check(((KeyRequirement)requirements[i]).Rule, context) is { } denial)
            {
                return denial == KeyDenial.Unauthorized ? Challenged : Forbidden;
            }
        }
        return Succeeded;
    }

    private static bool KeyRulesOnly(AuthorizationPolicy policy)
    {
        if (policy.AuthenticationSchemes.Count > 0)
        {
            return false;
        }
        var requirements = policy.Requirements;
        for (var i = 0; i < requirements.Count; i++)
        {
            if (requirements[i] is not KeyRequirement)
            {
                return false;
            }
        }
        return true;
    }

    private static PolicyEvaluator Default(HttpContext context) =>
        ActivatorUtilities.CreateInstance<PolicyEvaluator>(context.RequestServices);
}
