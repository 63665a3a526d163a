using System.Text.Json;

namespace FlexiAI.Protocols.OpenAI;

/// <summary>An error's bytes in OpenAI's shape: <c>{"error":{"message","type","param","code"}}</c>.</summary>
public static class OpenAIError
{
    /// <summary>The error as UTF-8 JSON (relaxed escaping: error text is read by people, and the content type is JSON).</summary>
    /// <param name="message">What went wrong, for a person.</param>
    /// <param name="type">OpenAI's error type, for example <c>invalid_request_error</c>.</param>
    /// <param name="param">The request parameter at fault, if any.</param>
    /// <param name="code">A machine-readable code, if any.</param>
    public static byte[] Serialize(string message, string type, string? param = null, string? code = null)
    {
        using var buffer = new MemoryStream(256);
        using (var writer = new Utf8JsonWriter(buffer, WireJson.WriterOptions))
        {
            writer.WriteStartObject();
            writer.WriteStartObject("error");
            writer.WriteString("message", message);
            writer.WriteString("type", type);
            writer.WriteString("param", param);
            writer.WriteString("code", code);
            writer.WriteEndObject();
            writer.WriteEndObject();
        }
        return buffer.ToArray();
    }
}
