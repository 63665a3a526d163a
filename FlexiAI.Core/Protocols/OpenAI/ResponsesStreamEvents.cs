using System.Text.Encodings.Web;
using System.Text.Json;

namespace FlexiAI.Protocols.OpenAI;

/// <summary>
/// The server-sent events of the OpenAI Responses API, as far as the gateway reads them: each event is
/// <c>event: {type}</c> and <c>data: {"type":...}</c>; a stream ends with <c>response.completed</c>,
/// <c>response.incomplete</c> or <c>response.failed</c>, whose <c>response.usage</c> holds the tokens.
/// </summary>
public static class ResponsesStreamEvents
{
    private static readonly JsonReaderOptions ReaderOptions = new() { MaxDepth = 128 };

    /// <summary>True when the event ends the stream; its usage when it reports one.</summary>
    public static bool IsTerminal(ReadOnlySpan<byte> sseEvent, out TokenUsage? usage)
    {
        usage = null;
        var data = SseEvent.Data(sseEvent);
        // The terminal types are all "response." + a word; text deltas (which could quote one) are read only past this cheap test.
        if (data.IndexOf("\"response.completed\""u8) < 0 && data.IndexOf("\"response.incomplete\""u8) < 0 && data.IndexOf("\"response.failed\""u8) < 0)
        {
            return false;
        }
        try
        {
            var reader = new Utf8JsonReader(data, ReaderOptions);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return false;
            }
            var terminal = false;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("type"u8))
                {
                    reader.Read();
                    terminal = reader.ValueTextEquals("response.completed"u8) || reader.ValueTextEquals("response.incomplete"u8) ||
                        reader.ValueTextEquals("response.failed"u8);
                }
                else if (reader.ValueTextEquals("response"u8))
                {
                    reader.Read();
                    usage = ReadResponseUsage(ref reader);
                }
                else
                {
                    reader.Read();
                    reader.Skip();
                }
            }
            if (!terminal)
            {
                usage = null;
            }
            return terminal;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    /// <summary>
    /// The event a stream that broke after it started ends with: the Responses API's <c>error</c> event, so a client
    /// never mistakes the answer for a complete one.
    /// </summary>
    public static byte[] Error(string message, string code)
    {
        using var buffer = new MemoryStream(256);
        buffer.Write("event: error\ndata: "u8);
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            writer.WriteStartObject();
            writer.WriteString("type", "error");
            writer.WriteString("code", code);
            writer.WriteString("message", message);
            writer.WriteNull("param");
            writer.WriteEndObject();
        }
        buffer.Write("\n\n"u8);
        return buffer.ToArray();
    }

    private static TokenUsage? ReadResponseUsage(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            return null;
        }
        TokenUsage? usage = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isUsage = reader.ValueTextEquals("usage"u8);
            reader.Read();
            if (isUsage && reader.TokenType == JsonTokenType.StartObject)
            {
                usage = ResponseInspector.ReadUsage(ref reader);
            }
            else
            {
                reader.Skip();
            }
        }
        return usage;
    }
}
