using System.Text.Json.Serialization;

namespace FlexiAI.Api.Apis;

/// <summary>OpenAI's list shape for <c>GET /v1/models</c>: one entry per route.</summary>
public sealed record ModelList(IReadOnlyList<ModelEntry> Data)
{
    [JsonPropertyName("object")]
    public string Object => "list";
}

public sealed record ModelEntry(string Id)
{
    [JsonPropertyName("object")]
    public string Object => "model";

    public long Created => 0;

    public string OwnedBy => "flexiai";
}
