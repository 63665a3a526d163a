using System.Buffers;
using System.Text.Json;

namespace FlexiAI.Api.Continuation;

/// <summary>
/// The request a stream continuation sends: the caller's request with the partial answer appended as a trailing
/// <c>assistant</c> message, the start of the reply the next provider goes on from (OpenAI protocol; the translation path
/// turns it into Anthropic's assistant prefill). Also whether a request may be continued at all.
/// </summary>
internal static class ContinuationBody
{
    /// <summary>
    /// False for a request whose answer cannot be stitched from two providers: several choices (<c>n</c> &gt; 1) or a JSON
    /// answer (<c>response_format</c> <c>json_schema</c> or <c>json_object</c>). A tool call in progress is seen later, in
    /// the stream (<see cref="PartialAnswer.ToolCallStarted"/>).
    /// </summary>
    public static bool IsSafe(ReadOnlySpan<byte> body)
    {
        var reader = new Utf8JsonReader(body);
        using var document = JsonDocument.ParseValue(ref reader);
        var root = document.RootElement;
        if (root.TryGetProperty("n", out var n) && n.ValueKind == JsonValueKind.Number && n.GetInt32() > 1)
        {
            return false;
        }
        return !(root.TryGetProperty("response_format", out var format) && format.ValueKind == JsonValueKind.Object &&
            format.TryGetProperty("type", out var type) && (type.ValueEquals("json_schema") || type.ValueEquals("json_object")));
    }

    /// <summary>The request with <paramref name="partial"/> as a trailing assistant message (none when it is empty).</summary>
    public static byte[] Build(ReadOnlySpan<byte> body, string partial)
    {
        var reader = new Utf8JsonReader(body);
        using var document = JsonDocument.ParseValue(ref reader);
        var buffer = new ArrayBufferWriter<byte>(body.Length + partial.Length + 64);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            foreach (var property in document.RootElement.EnumerateObject())
            {
                if (!property.NameEquals("messages"))
                {
                    property.WriteTo(writer);
                    continue;
                }
                writer.WriteStartArray("messages");
                foreach (var message in property.Value.EnumerateArray())
                {
                    message.WriteTo(writer);
                }
                if (partial.Length > 0)
                {
                    writer.WriteStartObject();
                    writer.WriteString("role", "assistant");
                    writer.WriteString("content", partial);
                    writer.WriteEndObject();
                }
                writer.WriteEndArray();
            }
            writer.WriteEndObject();
        }
        return buffer.WrittenSpan.ToArray();
    }
}
