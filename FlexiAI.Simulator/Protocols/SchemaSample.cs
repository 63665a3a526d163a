using System.Buffers;
using System.Text.Json;
using FlexiAI.Simulator.Json;

namespace FlexiAI.Simulator.Protocols;

/// <summary>
/// JSON that satisfies a JSON schema, deterministically: an object with every required property (every property when
/// none is listed), each a value of its type (an <c>enum</c>'s or <c>const</c>'s first value; strings "sample",
/// integers 1 or the minimum, numbers 1.5, booleans true, arrays of one item, nested objects likewise).
/// </summary>
internal static class SchemaSample
{
    private const int MaxDepth = 8;

    public static string For(string? schema)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer, SimulatorJson.WriterOptions))
        {
            if (schema is null)
            {
                writer.WriteStartObject();
                writer.WriteEndObject();
            }
            else
            {
                using var document = JsonDocument.Parse(schema);
                Write(writer, document.RootElement, document.RootElement, 0);
            }
        }
        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static void Write(Utf8JsonWriter writer, JsonElement schema, JsonElement root, int depth)
    {
        if (schema.ValueKind != JsonValueKind.Object || depth > MaxDepth)
        {
            writer.WriteNullValue();
            return;
        }
        if (schema.TryGetProperty("$ref", out var reference) && Resolve(root, reference.GetString()) is { } target)
        {
            Write(writer, target, root, depth + 1);
            return;
        }
        if (schema.TryGetProperty("const", out var constant))
        {
            constant.WriteTo(writer);
            return;
        }
        if (schema.TryGetProperty("enum", out var values) && values.ValueKind == JsonValueKind.Array && values.GetArrayLength() > 0)
        {
            values[0].WriteTo(writer);
            return;
        }
        foreach (var combinator in new[] { "anyOf", "oneOf", "allOf" })
        {
            if (schema.TryGetProperty(combinator, out var options) && options.ValueKind == JsonValueKind.Array && options.GetArrayLength() > 0)
            {
                Write(writer, options[0], root, depth + 1);
                return;
            }
        }
        switch (TypeOf(schema))
        {
            case "string":
                writer.WriteStringValue("sample");
                break;
            case "integer":
                writer.WriteNumberValue(schema.TryGetProperty("minimum", out var min) && min.TryGetInt64(out var m) ? m : 1);
                break;
            case "number":
                writer.WriteNumberValue(schema.TryGetProperty("minimum", out var minimum) && minimum.TryGetDouble(out var n) ? n : 1.5);
                break;
            case "boolean":
                writer.WriteBooleanValue(true);
                break;
            case "null":
                writer.WriteNullValue();
                break;
            case "array":
                writer.WriteStartArray();
                if (schema.TryGetProperty("items", out var items))
                {
                    Write(writer, items, root, depth + 1);
                }
                writer.WriteEndArray();
                break;
            default:
                WriteObject(writer, schema, root, depth);
                break;
        }
    }

    private static void WriteObject(Utf8JsonWriter writer, JsonElement schema, JsonElement root, int depth)
    {
        writer.WriteStartObject();
        if (schema.TryGetProperty("properties", out var properties) && properties.ValueKind == JsonValueKind.Object)
        {
            var required = schema.TryGetProperty("required", out var r) && r.ValueKind == JsonValueKind.Array
                ? r.EnumerateArray().Select(e => e.GetString()).ToHashSet() : null;
            foreach (var property in properties.EnumerateObject())
            {
                if (required is null || required.Contains(property.Name))
                {
                    writer.WritePropertyName(property.Name);
                    Write(writer, property.Value, root, depth + 1);
                }
            }
        }
        writer.WriteEndObject();
    }

    /// <summary>The schema's type; the first non-null one of a list.</summary>
    private static string? TypeOf(JsonElement schema)
    {
        if (!schema.TryGetProperty("type", out var type))
        {
            return schema.TryGetProperty("properties", out _) ? "object" : null;
        }
        if (type.ValueKind == JsonValueKind.Array)
        {
            return type.EnumerateArray().Select(t => t.GetString()).FirstOrDefault(t => t != "null") ?? "null";
        }
        return type.GetString();
    }

    /// <summary>A local <c>#/$defs/Name</c> (or <c>#/definitions/Name</c>) reference.</summary>
    private static JsonElement? Resolve(JsonElement root, string? reference)
    {
        if (reference is null || !reference.StartsWith("#/", StringComparison.Ordinal))
        {
            return null;
        }
        var node = root;
        foreach (var segment in reference[2..].Split('/'))
        {
            if (node.ValueKind != JsonValueKind.Object || !node.TryGetProperty(segment, out node))
            {
                return null;
            }
        }
        return node;
    }
}
