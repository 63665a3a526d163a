using System.Buffers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace FlexiAI.Api.Caching;

/// <summary>
/// The cache key of a chat completion or Messages request: the lower-case hex SHA-256 of its canonical form, which is
/// <list type="bullet">
/// <item>the request body as JSON, with <c>model</c> replaced by the route name in lower case (routes are case-insensitive);</item>
/// <item>without <c>stream</c>, <c>stream_options</c> and <c>user</c> (they do not change the answer: a stream and a whole
/// answer to the same request share an entry);</item>
/// <item>object members sorted by name (ordinal) at every depth, arrays in their order, strings with escapes resolved,
/// numbers as written (<c>1</c> and <c>1.0</c> differ), no whitespace;</item>
/// <item>followed by a newline and the API (<see cref="CachedApi"/>: <c>chat_completions</c> or <c>messages</c>), so an
/// answer of one API is never served to a request of the other;</item>
/// <item>followed by a newline and the caller's key id (a digest prefix of its client key; empty on an open gateway), so
/// callers with different keys never see each other's entries.</item>
/// </list>
/// Every other parameter (messages, temperature, max_tokens, tools, seed, n, ...) is part of the key.
/// </summary>
internal static class CanonicalRequest
{
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string Hash(ReadOnlyMemory<byte> body, string route, string? scope, CachedApi api)
    {
        using var document = JsonDocument.Parse(body);
        var buffer = new ArrayBufferWriter<byte>(body.Length + 64);
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            writer.WriteStartObject();
            foreach (var property in Sorted(document.RootElement))
            {
                switch (property.Name)
                {
                    case "stream" or "stream_options" or "user":
                        continue;
                    case "model":
                        writer.WriteString("model", route.ToLowerInvariant());
                        continue;
                }
                writer.WritePropertyName(property.Name);
                Write(writer, property.Value);
            }
            writer.WriteEndObject();
        }
        buffer.Write(api == CachedApi.Messages ? "\nmessages\n"u8 : "\nchat_completions\n"u8);
        buffer.Write(Encoding.UTF8.GetBytes(scope ?? ""));
        return Convert.ToHexStringLower(SHA256.HashData(buffer.WrittenSpan));
    }

    private static void Write(Utf8JsonWriter writer, JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                writer.WriteStartObject();
                foreach (var property in Sorted(element))
                {
                    writer.WritePropertyName(property.Name);
                    Write(writer, property.Value);
                }
                writer.WriteEndObject();
                break;
            case JsonValueKind.Array:
                writer.WriteStartArray();
                foreach (var item in element.EnumerateArray())
                {
                    Write(writer, item);
                }
                writer.WriteEndArray();
                break;
            case JsonValueKind.String:
                writer.WriteStringValue(element.GetString());
                break;
            default:
                writer.WriteRawValue(element.GetRawText(), skipInputValidation: true);
                break;
        }
    }

    private static List<JsonProperty> Sorted(JsonElement element)
    {
        var properties = new List<JsonProperty>();
        foreach (var property in element.EnumerateObject())
        {
            properties.Add(property);
        }
        properties.Sort(static (a, b) => string.CompareOrdinal(a.Name, b.Name));
        return properties;
    }
}
