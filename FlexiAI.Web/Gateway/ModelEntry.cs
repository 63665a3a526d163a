namespace FlexiAI.Web.Gateway;

/// <summary>One route of <c>GET /v1/models</c>.</summary>
public sealed record ModelEntry(string Id);
