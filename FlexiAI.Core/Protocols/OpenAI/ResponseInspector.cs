using System.Text.Json;

namespace FlexiAI.Protocols.OpenAI;

/// <summary>Reads a provider's OpenAI-format answer without building a DOM: checks it is JSON and picks up <c>usage</c>.</summary>
public static class ResponseInspector
{
    /// <summary>False when the body is not a complete JSON object (a malformed answer fails over).</summary>
    public static bool TryInspect(ReadOnlySpan<byte> body, out TokenUsage? usage)
    {
        usage = null;
        try
        {
            var reader = new Utf8JsonReader(body, new JsonReaderOptions { MaxDepth = 128 });
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return false;
            }
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("usage"u8))
                {
                    reader.Read();
                    usage = ReadUsage(ref reader);
                }
                else
                {
                    reader.Read();
                    reader.Skip();
                }
            }
            // The object must close, and nothing but whitespace may follow it.
            return reader.TokenType == JsonTokenType.EndObject && !reader.Read();
        }
        catch (JsonException)
        {
            return false;
        }
    }

    /// <summary>
    /// The <c>usage</c> object an answer ends with, read from its last bytes only (<paramref name="tail"/>): what a
    /// streamed whole answer (embeddings) keeps. The last <c>"usage":{...}</c> in the tail is read; null when there is
    /// none or it is cut or not valid JSON.
    /// </summary>
    public static TokenUsage? TrailingUsage(ReadOnlySpan<byte> tail)
    {
        var at = tail.LastIndexOf("\"usage\""u8);
        if (at < 0)
        {
            return null;
        }
        var rest = tail[(at + 7)..].TrimStart(" \t\r\n"u8);
        if (rest.IsEmpty || rest[0] != (byte)':')
        {
            return null;
        }
        rest = rest[1..].TrimStart(" \t\r\n"u8);
        try
        {
            var reader = new Utf8JsonReader(rest);
            return reader.Read() && reader.TokenType == JsonTokenType.StartObject ? ReadUsage(ref reader) : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>True when an SSE event's data is <c>[DONE]</c> or a JSON object (a stream's first event must be one).</summary>
    public static bool IsWellFormedEvent(ReadOnlySpan<byte> sseEvent)
    {
        var data = SseEvent.Data(sseEvent);
        if (data.SequenceEqual("[DONE]"u8))
        {
            return true;
        }
        return TryInspect(data, out _);
    }

    /// <summary>
    /// Reads a <c>usage</c> object, the reader on its start: Chat Completions and embeddings (<c>prompt_tokens</c>,
    /// <c>completion_tokens</c>) or the Responses API (<c>input_tokens</c>, <c>output_tokens</c>).
    /// </summary>
    internal static TokenUsage? ReadUsage(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            return null;
        }
        long prompt = 0, completion = 0;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("prompt_tokens"u8) || reader.ValueTextEquals("input_tokens"u8))
            {
                reader.Read();
                reader.TryGetInt64(out prompt);
            }
            else if (reader.ValueTextEquals("completion_tokens"u8) || reader.ValueTextEquals("output_tokens"u8))
            {
                reader.Read();
                reader.TryGetInt64(out completion);
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }
        return new TokenUsage(prompt, completion);
    }
}
