using System.Text;
using System.Text.Json;

namespace FlexiAI.Simulator.Protocols;

/// <summary>Reads the text of a message <c>content</c> (or Anthropic <c>system</c>): a string or an array of parts.</summary>
internal static class MessageText
{
    /// <summary>The text of a string, or the <c>text</c> parts of an array joined by newlines; "" otherwise.</summary>
    public static string Extract(JsonElement content)
    {
        switch (content.ValueKind)
        {
            case JsonValueKind.String:
                return content.GetString() ?? "";
            case JsonValueKind.Array:
                StringBuilder? text = null;
                foreach (var part in content.EnumerateArray())
                {
                    if (part.ValueKind == JsonValueKind.Object
                        && part.TryGetProperty("type", out var type) && type.ValueEquals("text")
                        && part.TryGetProperty("text", out var value) && value.ValueKind == JsonValueKind.String)
                    {
                        text ??= new StringBuilder();
                        if (text.Length > 0)
                        {
                            text.Append('\n');
                        }

                        text.Append(value.GetString());
                    }
                }

                return text?.ToString() ?? "";
            default:
                return "";
        }
    }

    /// <summary>ceil(<paramref name="characters"/> / 4) + 3 per message.</summary>
    public static int EstimateTokens(long characters, int messages) =>
        checked((int)((characters + 3) / 4) + (3 * messages));
}
