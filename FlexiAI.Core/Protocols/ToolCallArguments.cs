using System.Buffers;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.AI;

namespace FlexiAI.Protocols;

/// <summary>
/// A function call's arguments on the wire, the same in both protocols: a JSON object (OpenAI's
/// <c>function.arguments</c> text, Anthropic's <c>tool_use</c> <c>input</c>) read into and written from
/// <see cref="FunctionCallContent.Arguments"/>.
/// </summary>
public static class ToolCallArguments
{
    /// <summary>The properties of an arguments object (JSON text; blank is none), each as a <see cref="JsonElement"/>.</summary>
    public static Dictionary<string, object?> Read(string json)
    {
        using var document = JsonDocument.Parse(string.IsNullOrWhiteSpace(json) ? "{}" : json);
        return Read(document.RootElement.Clone());
    }

    /// <summary>The properties of an arguments object (absent or null is none), each as a <see cref="JsonElement"/>.</summary>
    /// <exception cref="JsonException">The input is not an object.</exception>
    public static Dictionary<string, object?> Read(JsonElement? input)
    {
        var arguments = new Dictionary<string, object?>(StringComparer.Ordinal);
        if (input is { ValueKind: JsonValueKind.Object } value)
        {
            foreach (var property in value.EnumerateObject())
            {
                arguments[property.Name] = property.Value;
            }
        }
        else if (input is { ValueKind: not JsonValueKind.Null })
        {
            throw new JsonException("a tool call whose arguments are not an object");
        }
        return arguments;
    }

    /// <summary>The arguments as a JSON object.</summary>
    public static void Write(Utf8JsonWriter writer, IDictionary<string, object?>? arguments)
    {
        writer.WriteStartObject();
        if (arguments is not null)
        {
            foreach (var (name, value) in arguments)
            {
                writer.WritePropertyName(name);
                if (value is JsonElement element)
                {
                    element.WriteTo(writer);
                }
                else
                {
                    JsonSerializer.Serialize(writer, value, AIJsonUtilities.DefaultOptions.GetTypeInfo(value?.GetType() ?? typeof(object)));
                }
            }
        }
        writer.WriteEndObject();
    }

    /// <summary>The arguments as JSON text (<c>{}</c> for none), as OpenAI's <c>function.arguments</c> holds them.</summary>
    public static string Json(IDictionary<string, object?>? arguments)
    {
        if (arguments is null || arguments.Count == 0)
        {
            return "{}";
        }
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer, WireJson.WriterOptions))
        {
            Write(writer, arguments);
        }
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
