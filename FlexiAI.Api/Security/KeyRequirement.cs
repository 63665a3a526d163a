using Microsoft.AspNetCore.Authorization;

namespace FlexiAI.Api.Security;

/// <summary>The one requirement of each key policy (<see cref="KeyPolicies"/>).</summary>
public sealed class KeyRequirement(KeyRule rule) : IAuthorizationRequirement
{
    public KeyRule Rule { get; } = rule;
}
