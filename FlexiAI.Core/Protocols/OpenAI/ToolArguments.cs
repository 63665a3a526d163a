using System.Text.Json;
using FlexiAI.Protocols.Anthropic;

namespace FlexiAI.Protocols.OpenAI;

/// <summary>A function call's arguments as the JSON text OpenAI's <c>function.arguments</c> holds.</summary>
internal static class ToolArguments
{
    public static string Json(IDictionary<string, object?>? arguments)
    {
        if (arguments is null || arguments.Count == 0)
        {
            return "{}";
        }
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer, OpenAIResponseWriter.WriterOptions))
        {
            AnthropicContentWriter.WriteArguments(writer, arguments);
        }
        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
