using System.Text.Json;
using Microsoft.Extensions.AI;

namespace FlexiAI.Protocols.Anthropic;

/// <summary>What whole answers and stream events share: <c>stop_reason</c> and <c>usage</c>, read as the SDK's client mapped them.</summary>
internal static class AnthropicWire
{
    /// <summary>
    /// Reads a <c>stop_reason</c> value: <c>end_turn</c> and <c>stop_sequence</c> are Stop, <c>max_tokens</c> and
    /// <c>model_context_window_exceeded</c> Length, <c>tool_use</c> ToolCalls, <c>refusal</c> ContentFilter, null none,
    /// anything else (<c>pause_turn</c>, newer values) itself.
    /// </summary>
    /// <param name="reader">On the value.</param>
    /// <param name="structuredOutput">The request forced the structured-output tool: its <c>tool_use</c> is the answer (Stop).</param>
    public static ChatFinishReason? ReadFinishReason(ref Utf8JsonReader reader, bool structuredOutput = false)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return null;
        }
        if (reader.ValueTextEquals("end_turn"u8) || reader.ValueTextEquals("stop_sequence"u8))
        {
            return ChatFinishReason.Stop;
        }
        if (reader.ValueTextEquals("max_tokens"u8) || reader.ValueTextEquals("model_context_window_exceeded"u8))
        {
            return ChatFinishReason.Length;
        }
        if (reader.ValueTextEquals("tool_use"u8))
        {
            return structuredOutput ? ChatFinishReason.Stop : ChatFinishReason.ToolCalls;
        }
        if (reader.ValueTextEquals("refusal"u8))
        {
            return ChatFinishReason.ContentFilter;
        }
        var value = reader.GetString();
        return string.IsNullOrWhiteSpace(value) ? ChatFinishReason.Stop : new ChatFinishReason(value);
    }

    /// <summary>A string value, or <paramref name="known"/> itself when the value equals it (the model: no new string per answer).</summary>
    public static string? ReadString(ref Utf8JsonReader reader, string? known = null) =>
        reader.TokenType == JsonTokenType.Null ? null
        : known is not null && reader.ValueTextEquals(known) ? known
        : reader.GetString();

    /// <summary>Moves to the next property of the object the reader is in; false at the object's end.</summary>
    public static bool NextProperty(ref Utf8JsonReader reader) => reader.Read() && reader.TokenType == JsonTokenType.PropertyName;

    /// <summary>True when the reader is on the property <paramref name="name"/>, and then moves it onto the value.</summary>
    public static bool IsProperty(ref Utf8JsonReader reader, ReadOnlySpan<byte> name)
    {
        if (!reader.ValueTextEquals(name))
        {
            return false;
        }
        reader.Read();
        return true;
    }

    /// <summary>Moves past the value of the property the reader is on.</summary>
    public static void SkipProperty(ref Utf8JsonReader reader)
    {
        reader.Read();
        reader.Skip();
    }

    /// <summary>True when the reader is on the start of an object; any other value is skipped.</summary>
    public static bool EntersObject(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.StartObject)
        {
            return true;
        }
        reader.Skip();
        return false;
    }

    /// <summary>
    /// Reads the property the reader is on when it is one that a whole answer and <c>message_start</c>'s message
    /// share (<c>id</c>, <c>model</c>, <c>usage</c>); false, without moving, for any other.
    /// </summary>
    public static bool ReadMessageField(ref Utf8JsonReader reader, string requestedModel, ref string? id, ref string? model, ref AnthropicUsage usage)
    {
        if (IsProperty(ref reader, "id"u8))
        {
            id = ReadString(ref reader);
        }
        else if (IsProperty(ref reader, "model"u8))
        {
            model = ReadString(ref reader, requestedModel);
        }
        else if (IsProperty(ref reader, "usage"u8))
        {
            usage.Read(ref reader);
        }
        else
        {
            return false;
        }
        return true;
    }

    /// <summary>A reader on the start of the JSON object <paramref name="json"/> (a whole answer or one event's data).</summary>
    public static Utf8JsonReader OpenObject(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException("not a JSON object");
        }
        return reader;
    }

    /// <summary>Checks that the object <see cref="OpenObject"/> opened has ended, with nothing after it (the reader throws on a cut-short one).</summary>
    public static void CloseObject(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.EndObject || reader.Read())
        {
            throw new JsonException("not a single JSON object");
        }
    }
}
