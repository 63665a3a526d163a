namespace FlexiAI.Options;

/// <summary>
/// Keys callers present as <c>Authorization: Bearer &lt;key&gt;</c>. Secrets: from secret parameters, user secrets or the
/// environment (<c>FlexiAI__Auth__ClientKeys__0</c>), never committed files; never logged or returned.
/// </summary>
public sealed class AuthOptions
{
    /// <summary>Keys for the OpenAI API, <c>/chat</c> and the read-only views. None: those routes are open (local use).</summary>
    public List<string> ClientKeys { get; set; } = [];

    /// <summary>Keys for the admin actions (<c>POST /providers/{name}/reset|open</c>); also valid wherever a client key is.</summary>
    public List<string> AdminKeys { get; set; } = [];

    /// <summary>True when neither kind of key is configured: every route is open.</summary>
    public bool Open => ClientKeys.Count == 0 && AdminKeys.Count == 0;
}
