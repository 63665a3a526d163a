using System.Text.Json;

namespace FlexiAI.Protocols.OpenAI;

/// <summary>
/// The type and range checks of the Chat Completions fields other than <c>model</c>, <c>messages</c> and the stream
/// settings, made in <see cref="ChatRequestInfo"/>'s forward pass so that a wrongly typed field is a 400 naming it on
/// every route, before any provider is called. Null is accepted for every optional field (OpenAI's SDKs send it).
/// The deeper shape of <c>tools</c>, <c>tool_choice</c> and <c>response_format</c> is checked by the translation
/// (<see cref="TranslatedRequest"/>) on routes that translate, and by the provider on the others.
/// </summary>
internal static class OptionalFieldValidator
{
    /// <summary>Validates the field the reader is on (its name); false when it is not one this class checks (nothing read).</summary>
    public static bool TryValidate(ref Utf8JsonReader reader, out RequestError? error)
    {
        error = null;
        if (reader.ValueTextEquals("frequency_penalty"u8) || reader.ValueTextEquals("presence_penalty"u8))
        {
            error = Number(ref reader, reader.GetString()!, -2, 2, integer: false);
        }
        else if (reader.ValueTextEquals("seed"u8))
        {
            error = Number(ref reader, "seed", long.MinValue, long.MaxValue, integer: true);
        }
        else if (reader.ValueTextEquals("n"u8))
        {
            error = Number(ref reader, "n", 1, 128, integer: true);
        }
        else if (reader.ValueTextEquals("top_logprobs"u8))
        {
            error = Number(ref reader, "top_logprobs", 0, 20, integer: true);
        }
        else if (reader.ValueTextEquals("logprobs"u8) || reader.ValueTextEquals("parallel_tool_calls"u8) || reader.ValueTextEquals("store"u8))
        {
            var name = reader.GetString()!;
            reader.Read();
            error = reader.TokenType is JsonTokenType.True or JsonTokenType.False or JsonTokenType.Null ? null : new($"'{name}' must be a boolean.", name);
        }
        else if (reader.ValueTextEquals("user"u8) || reader.ValueTextEquals("reasoning_effort"u8) || reader.ValueTextEquals("service_tier"u8))
        {
            var name = reader.GetString()!;
            reader.Read();
            error = reader.TokenType is JsonTokenType.String or JsonTokenType.Null ? null : new($"'{name}' must be a string.", name);
        }
        else if (reader.ValueTextEquals("stop"u8))
        {
            error = Stop(ref reader);
        }
        else if (reader.ValueTextEquals("tools"u8))
        {
            error = ArrayOfObjects(ref reader, "tools");
        }
        else if (reader.ValueTextEquals("tool_choice"u8))
        {
            reader.Read();
            error = reader.TokenType is JsonTokenType.String or JsonTokenType.StartObject or JsonTokenType.Null
                ? null : new("'tool_choice' must be 'none', 'auto', 'required' or an object naming a function.", "tool_choice");
            reader.Skip();
        }
        else if (reader.ValueTextEquals("response_format"u8) || reader.ValueTextEquals("logit_bias"u8) || reader.ValueTextEquals("metadata"u8))
        {
            var name = reader.GetString()!;
            reader.Read();
            error = reader.TokenType is JsonTokenType.StartObject or JsonTokenType.Null ? null : new($"'{name}' must be an object.", name);
            reader.Skip();
        }
        else
        {
            return false;
        }
        return true;
    }

    private static RequestError? Number(ref Utf8JsonReader reader, string name, double min, double max, bool integer)
    {
        reader.Read();
        if (reader.TokenType == JsonTokenType.Null)
        {
            return null;
        }
        var valid = reader.TokenType == JsonTokenType.Number &&
            (integer ? reader.TryGetInt64(out var whole) && whole >= min && whole <= max
                     : reader.TryGetDouble(out var value) && value >= min && value <= max);
        return valid ? null : new($"'{name}' must be {(integer ? "an integer" : "a number")} between {min} and {max}.", name);
    }

    private static RequestError? Stop(ref Utf8JsonReader reader)
    {
        reader.Read();
        if (reader.TokenType is JsonTokenType.String or JsonTokenType.Null)
        {
            return null;
        }
        var error = new RequestError("'stop' must be a string or an array of up to 4 strings.", "stop");
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            reader.Skip();
            return error;
        }
        var depth = reader.CurrentDepth;
        var count = 0;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType != JsonTokenType.String || ++count > 4)
            {
                SkipRest(ref reader, depth);
                return error;
            }
        }
        return null;
    }

    private static RequestError? ArrayOfObjects(ref Utf8JsonReader reader, string name)
    {
        reader.Read();
        if (reader.TokenType == JsonTokenType.Null)
        {
            return null;
        }
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            reader.Skip();
            return new($"'{name}' must be an array of objects.", name);
        }
        var depth = reader.CurrentDepth;
        var index = 0;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                SkipRest(ref reader, depth);
                return new($"'{name}[{index}]' must be an object.", $"{name}[{index}]");
            }
            reader.Skip();
            index++;
        }
        return null;
    }

    /// <summary>From an element, moves to the end of the array (whose start was at <paramref name="depth"/>) that holds it.</summary>
    private static void SkipRest(ref Utf8JsonReader reader, int depth)
    {
        reader.Skip();
        while (reader.Read() && !(reader.TokenType == JsonTokenType.EndArray && reader.CurrentDepth == depth))
        {
            reader.Skip();
        }
    }
}
