using System.Text.Json;

namespace FlexiAI.Api.OpenAI;

/// <summary>Checks the shape of <c>messages</c>: a non-empty array of objects with a known role and string, null or part-array content.</summary>
internal static class MessagesValidator
{
    public static bool Validate(ref Utf8JsonReader reader, out RequestError? error)
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
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                error = new RequestError($"'messages[{index}]' must be an object.", $"messages[{index}]");
                return false;
            }
            if (!ValidateMessage(ref reader, index, out error))
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

    private static bool ValidateMessage(ref Utf8JsonReader reader, int index, out RequestError? error)
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
                if (reader.TokenType is not (JsonTokenType.String or JsonTokenType.Null or JsonTokenType.StartArray))
                {
                    error = new RequestError(
                        $"'messages[{index}].content' must be a string or an array of content parts.", $"messages[{index}].content");
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

    private static bool IsKnownRole(ref Utf8JsonReader reader) =>
        reader.ValueTextEquals("user"u8) || reader.ValueTextEquals("assistant"u8) || reader.ValueTextEquals("system"u8) ||
        reader.ValueTextEquals("developer"u8) || reader.ValueTextEquals("tool"u8) || reader.ValueTextEquals("function"u8);
}
