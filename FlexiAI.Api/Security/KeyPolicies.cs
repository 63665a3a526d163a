using Microsoft.AspNetCore.Authorization;

namespace FlexiAI.Api.Security;

/// <summary>
/// The authorization policies of the gateway's endpoint groups, each one <see cref="KeyRequirement"/>: declared where
/// the groups are mapped (<c>RequireAuthorization(KeyPolicies.Client)</c>, ...).
/// </summary>
public static class KeyPolicies
{
    /// <summary>The OpenAI API and the read-only views: a client or admin key once client keys are configured.</summary>
    public const string Client = "FlexiAI.Client";

    /// <summary>Breaker actions: an admin key, or loopback while none is configured.</summary>
    public const string Admin = "FlexiAI.Admin";

    /// <summary>The web UI's sign-in check: a valid admin key, never loopback alone.</summary>
    public const string AdminKey = "FlexiAI.AdminKey";

    /// <summary>The detailed <c>/health</c> report: a key holder or loopback.</summary>
    public const string HealthDetail = "FlexiAI.HealthDetail";

    public static AuthorizationBuilder AddKeyPolicies(this AuthorizationBuilder builder) => builder
        .AddPolicy(Client, policy => policy.AddRequirements(new KeyRequirement(KeyRule.Client)))
        .AddPolicy(Admin, policy => policy.AddRequirements(new KeyRequirement(KeyRule.Admin)))
        .AddPolicy(AdminKey, policy => policy.AddRequirements(new KeyRequirement(KeyRule.AdminKey)))
        .AddPolicy(HealthDetail, policy => policy.AddRequirements(new KeyRequirement(KeyRule.HealthDetail)));
}
