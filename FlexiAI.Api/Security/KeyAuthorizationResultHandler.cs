using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;

namespace FlexiAI.Api.Security;

/// <summary>
/// Answers a request a key policy refused in OpenAI's shape (<see cref="KeyDenialResponse"/>): 401 without a valid key,
/// 403 when the key is valid but not enough, or when an admin action comes from another machine while no admin key is
/// configured. Other refusals go to ASP.NET Core's default handler.
/// </summary>
internal sealed class KeyAuthorizationResultHandler(KeyRules rules) : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler _default = new();

    public Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        if (!authorizeResult.Succeeded)
        {
            foreach (var requirement in policy.Requirements)
            {
                if (requirement is KeyRequirement key && rules.Check(key.Rule, context) is { } denial)
                {
                    return denial.WriteAsync(context);
                }
            }
        }
        return _default.HandleAsync(next, context, policy, authorizeResult);
    }
}
