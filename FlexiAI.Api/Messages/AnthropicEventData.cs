using System.Text.Json;

namespace FlexiAI.Api.Messages;

/// <summary>What a Messages stream event's data says it is: its top-level <c>type</c>, read without parsing the rest.</summary>
internal static class AnthropicEventData
{
    /// <summary>True for <c>message_stop</c>, the event a whole stream ends with.</summary>
    public static bool IsMessageStop(ReadOnlySpan<byte> data) =>
        data.StartsWith("{\"type\":\"message_stop\""u8) || (data.IndexOf("\"message_stop\""u8) >= 0 && TypeOf(data) == "message_stop");

    /// <summary>True for an <c>error</c> event.</summary>
    public static bool IsError(ReadOnlySpan<byte> data) =>
        data.StartsWith("{\"type\":\"error\""u8) || (data.IndexOf("\"error\""u8) >= 0 && TypeOf(data) == "error");

    /// <summary>The event data's top-level <c>type</c>, or null.</summary>
    public static string? TypeOf(ReadOnlySpan<byte> data)
    {
        try
        {
            var reader = new Utf8JsonReader(data);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return null;
            }
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isType = reader.ValueTextEquals("type"u8);
                reader.Read();
                if (isType)
                {
                    return reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
                }
                reader.Skip();
            }
        }
        catch (JsonException)
        {
        }
        return null;
    }
}
