using Microsoft.AspNetCore.Authorization;

namespace FlexiAI.Api.Security;

/// <summary>Meets a <see cref="KeyRequirement"/> when <see cref="KeyRules"/> admits the request (the resource is its <see cref="HttpContext"/>).</summary>
internal sealed class KeyRequirementHandler(KeyRules rules) : AuthorizationHandler<KeyRequirement>
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, KeyRequirement requirement)
    {
        if (context.Resource is HttpContext http && rules.Admits(requirement.Rule, http))
        {
            context.Succeed(requirement);
        }
        return Task.CompletedTask;
    }
}
