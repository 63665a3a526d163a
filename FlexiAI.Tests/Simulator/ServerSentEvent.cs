using System.Text.Json;

namespace FlexiAI.Tests.Simulator;

/// <summary>One server-sent event: its <c>event:</c> name (null when absent) and its <c>data:</c>.</summary>
public sealed record ServerSentEvent(string? Event, string Data)
{
    /// <summary>The data parsed as JSON.</summary>
    public JsonElement Json
    {
        get
        {
            using var document = JsonDocument.Parse(Data);
            return document.RootElement.Clone();
        }
    }
}
