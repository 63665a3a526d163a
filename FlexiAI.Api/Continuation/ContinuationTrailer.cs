using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;
using FlexiAI.Protocols.OpenAI;

namespace FlexiAI.Api.Continuation;

/// <summary>
/// The last chunk of a continued stream, just before <c>[DONE]</c>: no choices, the summed usage when the caller asked for
/// usage, and <c>flexiai_continuation</c>: the providers whose streams broke (<c>from</c>), the one that finished
/// (<c>provider</c>) and how many characters of the answer had been sent when it took over (<c>offset</c>).
/// </summary>
internal static class ContinuationTrailer
{
    public const string Field = "flexiai_continuation";

    /// <summary>As the chunks around it: text as written, not escaped for HTML.</summary>
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static byte[] Create(PartialAnswer answer, IReadOnlyList<string> broken, string provider, int offset, TokenUsage? usage)
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        buffer.Write("data: "u8);
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            writer.WriteStartObject();
            writer.WriteString("id", answer.Id);
            writer.WriteString("object", "chat.completion.chunk");
            writer.WriteNumber("created", answer.Created);
            writer.WriteString("model", answer.Model);
            writer.WriteStartArray("choices");
            writer.WriteEndArray();
            if (usage is { } u)
            {
                OpenAIResponseWriter.WriteUsage(writer, u);
            }
            writer.WriteStartObject(Field);
            writer.WriteBoolean("continued", true);
            writer.WriteStartArray("from");
            foreach (var name in broken)
            {
                writer.WriteStringValue(name);
            }
            writer.WriteEndArray();
            writer.WriteString("provider", provider);
            writer.WriteNumber("offset", offset);
            writer.WriteEndObject();
            writer.WriteEndObject();
        }
        buffer.Write("\n\n"u8);
        return buffer.WrittenSpan.ToArray();
    }
}
