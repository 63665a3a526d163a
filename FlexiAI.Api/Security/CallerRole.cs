namespace FlexiAI.Api.Security;

public enum CallerRole
{
    /// <summary>No key, or a key that matches nothing.</summary>
    Anonymous,
    Client,
    Admin,
}
