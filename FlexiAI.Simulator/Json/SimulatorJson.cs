using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace FlexiAI.Simulator.Json;

/// <summary>JSON settings shared by every response: snake_case names and no HTML escaping of text.</summary>
internal static class SimulatorJson
{
    /// <summary>Writer options for <see cref="Utf8JsonWriter"/>: model text is shown as is, not \u-escaped.</summary>
    public static JsonWriterOptions WriterOptions { get; } = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The context, bound to options that do not HTML-escape.</summary>
    public static SimulatorJsonContext Context { get; } = new(new JsonSerializerOptions
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });

    public static byte[] SerializeToUtf8Bytes<T>(T value, JsonTypeInfo<T> typeInfo)
    {
        var buffer = new ArrayBufferWriter<byte>(1024);
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            JsonSerializer.Serialize(writer, value, typeInfo);
        }

        return buffer.WrittenSpan.ToArray();
    }
}
