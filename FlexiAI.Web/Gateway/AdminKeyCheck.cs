namespace FlexiAI.Web.Gateway;

/// <summary>What the gateway said of a key offered at sign-in (<c>GET /admin/key</c>).</summary>
public enum AdminKeyCheck
{
    /// <summary>A valid admin key (204).</summary>
    Accepted,

    /// <summary>Not an admin key (401 or 403), or the gateway has none configured.</summary>
    Rejected,

    /// <summary>No answer, or an answer that says nothing about the key (a timeout, a 5xx, an older gateway's 404).</summary>
    Unavailable,
}
