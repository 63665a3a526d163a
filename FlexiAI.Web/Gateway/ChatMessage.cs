namespace FlexiAI.Web.Gateway;

/// <summary>One message of a conversation sent to the gateway (<c>role</c> is <c>system</c>, <c>user</c> or <c>assistant</c>).</summary>
public sealed record ChatMessage(string Role, string Content);
