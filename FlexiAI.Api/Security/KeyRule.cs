namespace FlexiAI.Api.Security;

/// <summary>What a <see cref="KeyRequirement"/> asks of the caller (<see cref="KeyRules"/> decides).</summary>
public enum KeyRule
{
    /// <summary>A client or admin key, once client keys are configured; anyone before.</summary>
    Client,

    /// <summary>An admin key; with no admin key configured, a loopback caller.</summary>
    Admin,

    /// <summary>A valid admin key, never loopback alone (<c>GET /admin/key</c>, the web UI's sign-in check).</summary>
    AdminKey,

    /// <summary>Any valid key, or a loopback caller: who may read the detailed <c>/health</c> report.</summary>
    HealthDetail,
}
