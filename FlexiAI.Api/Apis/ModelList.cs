using System.Text.Json.Serialization;

namespace FlexiAI.Api.Apis;

/// <summary>OpenAI's list shape for <c>GET /v1/models</c>: one entry per route and per provider model.</summary>
public sealed record ModelList(IReadOnlyList<ModelEntry> Data)
{
    [JsonPropertyName("object")]
    public string ObjectType => "list";
}

/// <param name="Id">A name the caller may send as <c>model</c>.</param>
/// <param name="OwnedBy"><c>flexiai</c> for a route; the provider's name for a provider's model.</param>
public sealed record ModelEntry(string Id, string OwnedBy)
{
    /// <summary>The <c>owned_by</c> of routes.</summary>
    public const string Gateway = "flexiai";

    [JsonPropertyName("object")]
    public string ObjectType => "model";

    public long Created => 0;
}
