namespace FlexiAI.Api.Security;

/// <summary>
/// Who may call what, from the caller <see cref="KeyAuthenticationHandler"/> found and the remote address. Health and
/// metrics are open (probes and scrapers) but the detailed <c>/health</c> report (last errors) is only for a key holder
/// or a loopback caller. Admin actions need an admin key; with no admin key configured they are accepted from loopback
/// only (closed by default). <c>GET /admin/key</c> passes with a valid admin key only, never from loopback alone.
/// Everything else needs a client or admin key once client keys are configured.
/// </summary>
public sealed class KeyRules(KeyAuthenticator authenticator)
{
    /// <summary>Null when <paramref name="rule"/> admits the request; else why not.</summary>
    internal KeyDenial? Check(KeyRule rule, HttpContext context)
    {
        // No caller where no key is configured: the check was skipped, everyone is anonymous.
        var role = (RequestCaller.Of(context) ?? Caller.Anonymous).Role;
        return rule switch
        {
            KeyRule.Client => role != CallerRole.Anonymous || !authenticator.HasClientKeys ? null : KeyDenial.Unauthorized,
            KeyRule.Admin => role switch
            {
                CallerRole.Admin => null,
                _ when !authenticator.HasAdminKeys => RequestCaller.IsLoopback(context) ? null : KeyDenial.AdminFromLoopbackOnly,
                CallerRole.Client => KeyDenial.NotAdmin,
                _ => KeyDenial.Unauthorized,
            },
            KeyRule.AdminKey => authenticator.HasAdminKeys && role == CallerRole.Admin ? null : KeyDenial.Unauthorized,
            _ => role != CallerRole.Anonymous || RequestCaller.IsLoopback(context) ? null : KeyDenial.Unauthorized,
        };
    }

    /// <summary>True when <paramref name="rule"/> admits the request.</summary>
    public bool Admits(KeyRule rule, HttpContext context) => Check(rule, context) is null;
}
