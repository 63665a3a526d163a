using System.Text.Json;
using FlexiAI.Protocols.OpenAI;

namespace FlexiAI.Api.Messages;

/// <summary>
/// Reads the <c>usage</c> of a Messages answer (a whole message, or the <c>message_start</c> and <c>message_delta</c>
/// events of a stream) as <see cref="TokenUsage"/>: input tokens include cache reads and writes, as OpenAI counts them.
/// </summary>
internal static class AnthropicUsage
{
    /// <summary>Checks that <paramref name="json"/> is one whole JSON object and reads its top-level <c>usage</c>.</summary>
    public static bool TryInspect(ReadOnlySpan<byte> json, out TokenUsage? usage)
    {
        usage = null;
        try
        {
            var reader = new Utf8JsonReader(json);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return false;
            }
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isUsage = reader.ValueTextEquals("usage"u8);
                reader.Read();
                if (isUsage && reader.TokenType == JsonTokenType.StartObject)
                {
                    usage = Read(ref reader);
                }
                else
                {
                    reader.Skip();
                }
            }
            return reader.TokenType == JsonTokenType.EndObject && !reader.Read();
        }
        catch (JsonException)
        {
            return false;
        }
    }

    /// <summary>
    /// The usage in a stream event's data: <c>message_start</c>'s <c>message.usage</c> or <c>message_delta</c>'s
    /// <c>usage</c>; null for any other event, or one that cannot be read.
    /// </summary>
    public static TokenUsage? FromEvent(ReadOnlySpan<byte> data)
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
                var isUsage = reader.ValueTextEquals("usage"u8);
                var isMessage = reader.ValueTextEquals("message"u8);
                reader.Read();
                if (isUsage && reader.TokenType == JsonTokenType.StartObject)
                {
                    return Read(ref reader);
                }
                if (isMessage && reader.TokenType == JsonTokenType.StartObject)
                {
                    while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                    {
                        var isInner = reader.ValueTextEquals("usage"u8);
                        reader.Read();
                        if (isInner && reader.TokenType == JsonTokenType.StartObject)
                        {
                            return Read(ref reader);
                        }
                        reader.Skip();
                    }
                    continue;
                }
                reader.Skip();
            }
        }
        catch (JsonException)
        {
        }
        return null;
    }

    /// <summary>Adds a later event's counts to what the stream reported before (Anthropic's counts are cumulative per field).</summary>
    public static TokenUsage Merge(TokenUsage? before, TokenUsage later) => before is not { } b
        ? later
        : new TokenUsage(Math.Max(b.PromptTokens, later.PromptTokens), Math.Max(b.CompletionTokens, later.CompletionTokens),
            Math.Max(b.CachedTokens, later.CachedTokens));

    /// <summary>Reads the usage object the reader is on (its start) through its end.</summary>
    private static TokenUsage Read(ref Utf8JsonReader reader)
    {
        long input = 0, output = 0, cacheRead = 0, cacheWrite = 0;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            ref var target = ref input;
            if (reader.ValueTextEquals("output_tokens"u8))
            {
                target = ref output;
            }
            else if (reader.ValueTextEquals("cache_read_input_tokens"u8))
            {
                target = ref cacheRead;
            }
            else if (reader.ValueTextEquals("cache_creation_input_tokens"u8))
            {
                target = ref cacheWrite;
            }
            else if (!reader.ValueTextEquals("input_tokens"u8))
            {
                reader.Read();
                reader.Skip();
                continue;
            }
            reader.Read();
            if (reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out var value))
            {
                target = value;
            }
            else
            {
                reader.Skip();
            }
        }
        return new TokenUsage(input + cacheRead + cacheWrite, output, cacheRead);
    }
}
