using System.Text.Json;
using FlexiAI.Options;

namespace FlexiAI.Protocols.OpenAI;

/// <summary>
/// Checks the shape of <c>messages</c> in the same forward pass: a non-empty array (up to the limit) of objects with a
/// known role, and content that is a string, null, or an array of content parts with a known type; text within the
/// length limit and free of NUL characters.
/// </summary>
internal static class MessagesValidator
{
    public static bool Validate(ref Utf8JsonReader reader, LimitsOptions limits, out RequestError? error)
    {
        error = null;
        reader.Read();
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            error = new RequestError("'messages' must be a non-empty array.", "messages");
            return false;
        }

        var index = 0;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (index >= limits.MaxMessages)
            {
                error = new RequestError($"'messages' has more than {limits.MaxMessages} messages.", "messages");
                return false;
            }
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                error = new RequestError($"'messages[{index}]' must be an object.", $"messages[{index}]");
                return false;
            }
            if (!ValidateMessage(ref reader, index, limits, out error))
            {
                return false;
            }
            index++;
        }

        if (index == 0)
        {
            error = new RequestError("'messages' must contain at least one message.", "messages");
            return false;
        }
        return true;
    }

    private static bool ValidateMessage(ref Utf8JsonReader reader, int index, LimitsOptions limits, out RequestError? error)
    {
        error = null;
        var sawRole = false;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("role"u8))
            {
                reader.Read();
                if (reader.TokenType != JsonTokenType.String || !IsKnownRole(ref reader))
                {
                    error = new RequestError(
                        $"'messages[{index}].role' must be one of system, developer, user, assistant, tool.", $"messages[{index}].role");
                    return false;
                }
                sawRole = true;
            }
            else if (reader.ValueTextEquals("content"u8))
            {
                reader.Read();
                var param = $"messages[{index}].content";
                switch (reader.TokenType)
                {
                    case JsonTokenType.String:
                        if (!ValidateText(ref reader, param, limits, out error))
                        {
                            return false;
                        }
                        break;
                    case JsonTokenType.Null:
                        break;
                    case JsonTokenType.StartArray:
                        if (!ValidateParts(ref reader, param, limits, out error))
                        {
                            return false;
                        }
                        break;
                    default:
                        error = new RequestError($"'{param}' must be a string or an array of content parts.", param);
                        return false;
                }
            }
            else if (reader.ValueTextEquals("tool_call_id"u8) || reader.ValueTextEquals("name"u8))
            {
                var param = $"messages[{index}].{reader.GetString()}";
                reader.Read();
                if (reader.TokenType is not (JsonTokenType.String or JsonTokenType.Null))
                {
                    error = new RequestError($"'{param}' must be a string.", param);
                    return false;
                }
            }
            else if (reader.ValueTextEquals("tool_calls"u8))
            {
                reader.Read();
                if (reader.TokenType is not (JsonTokenType.StartArray or JsonTokenType.Null))
                {
                    error = new RequestError($"'messages[{index}].tool_calls' must be an array of tool calls.", $"messages[{index}].tool_calls");
                    return false;
                }
                reader.Skip();
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }
        if (!sawRole)
        {
            error = new RequestError($"'messages[{index}].role' is required.", $"messages[{index}].role");
            return false;
        }
        return true;
    }

    private static bool ValidateParts(ref Utf8JsonReader reader, string param, LimitsOptions limits, out RequestError? error)
    {
        error = null;
        var part = 0;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            var partParam = $"{param}[{part}]";
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                error = new RequestError($"'{partParam}' must be an object with a 'type'.", partParam);
                return false;
            }
            var type = PartType.None;
            var sawText = false;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("type"u8))
                {
                    reader.Read();
                    type = reader.TokenType == JsonTokenType.String ? ReadPartType(ref reader) : PartType.Unknown;
                    if (type == PartType.Unknown)
                    {
                        error = new RequestError(
                            $"'{partParam}.type' must be one of text, image_url, input_audio, file, refusal.", $"{partParam}.type");
                        return false;
                    }
                }
                else if (reader.ValueTextEquals("text"u8))
                {
                    reader.Read();
                    if (reader.TokenType != JsonTokenType.String)
                    {
                        error = new RequestError($"'{partParam}.text' must be a string.", $"{partParam}.text");
                        return false;
                    }
                    if (!ValidateText(ref reader, $"{partParam}.text", limits, out error))
                    {
                        return false;
                    }
                    sawText = true;
                }
                else
                {
                    reader.Read();
                    reader.Skip();
                }
            }
            if (type == PartType.None)
            {
                error = new RequestError($"'{partParam}.type' is required.", $"{partParam}.type");
                return false;
            }
            if (type == PartType.Text && !sawText)
            {
                error = new RequestError($"'{partParam}.text' is required for a text part.", $"{partParam}.text");
                return false;
            }
            part++;
        }
        return true;
    }

    private static bool ValidateText(ref Utf8JsonReader reader, string param, LimitsOptions limits, out RequestError? error)
    {
        error = null;
        // UTF-8 bytes bound the characters from above: only long values need counting.
        var length = reader.HasValueSequence ? reader.ValueSequence.Length : reader.ValueSpan.Length;
        if (length > limits.MaxContentCharacters && reader.GetString()!.Length > limits.MaxContentCharacters)
        {
            error = new RequestError($"'{param}' is longer than {limits.MaxContentCharacters} characters.", param);
            return false;
        }
        if (reader.ValueIsEscaped && reader.GetString()!.Contains('\0', StringComparison.Ordinal))
        {
            error = new RequestError($"'{param}' must not contain NUL characters.", param);
            return false;
        }
        return true;
    }

    private static bool IsKnownRole(ref Utf8JsonReader reader) =>
        reader.ValueTextEquals("user"u8) || reader.ValueTextEquals("assistant"u8) || reader.ValueTextEquals("system"u8) ||
        reader.ValueTextEquals("developer"u8) || reader.ValueTextEquals("tool"u8) || reader.ValueTextEquals("function"u8);

    private static PartType ReadPartType(ref Utf8JsonReader reader) =>
        reader.ValueTextEquals("text"u8) ? PartType.Text
        : reader.ValueTextEquals("image_url"u8) || reader.ValueTextEquals("input_audio"u8) ||
          reader.ValueTextEquals("file"u8) || reader.ValueTextEquals("refusal"u8) ? PartType.Other
        : PartType.Unknown;

    private enum PartType
    {
        None,
        Text,
        Other,
        Unknown,
    }
}
