namespace FlexiAI.Web.Gateway;

/// <summary><c>GET /v1/models</c>: the gateway's routes in OpenAI's list shape.</summary>
public sealed record ModelList(IReadOnlyList<ModelEntry> Data);
