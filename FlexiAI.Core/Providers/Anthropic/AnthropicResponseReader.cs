using System.Text.Json;
using FlexiAI.Routing;
using Microsoft.Extensions.AI;

namespace FlexiAI.Providers.Anthropic;

/// <summary>
/// Reads a whole Messages API answer (a <c>message</c> object) into a <see cref="ChatResponse"/> in one forward pass:
/// <c>id</c>, <c>model</c>, the <c>text</c> blocks of <c>content</c> (one <see cref="TextContent"/> each, in one
/// assistant message), <c>stop_reason</c> and <c>usage</c>. Other blocks and fields are skipped.
/// </summary>
internal static class AnthropicResponseReader
{
    /// <exception cref="ProviderException">Malformed: not a complete JSON object, or one without <c>content</c>.</exception>
    public static ChatResponse Read(ReadOnlySpan<byte> json, string requestedModel)
    {
        try
        {
            return Parse(json, requestedModel);
        }
        catch (Exception exception) when (exception is JsonException or InvalidOperationException)
        {
            // InvalidOperationException: a value of the wrong kind (a number where a string belongs).
            throw ProviderException.Malformed("the provider's answer is not a valid Anthropic message", exception);
        }
    }

    private static ChatResponse Parse(ReadOnlySpan<byte> json, string requestedModel)
    {
        var reader = AnthropicWire.OpenObject(json);
        string? id = null;
        string? model = null;
        ChatFinishReason? finishReason = null;
        List<AIContent>? contents = null;
        var usage = default(AnthropicUsage);
        while (AnthropicWire.NextProperty(ref reader))
        {
            if (AnthropicWire.ReadMessageField(ref reader, requestedModel, ref id, ref model, ref usage))
            {
                continue;
            }
            if (AnthropicWire.IsProperty(ref reader, "content"u8))
            {
                contents = ReadContent(ref reader);
            }
            else if (AnthropicWire.IsProperty(ref reader, "stop_reason"u8))
            {
                finishReason = AnthropicWire.ReadFinishReason(ref reader);
            }
            else
            {
                AnthropicWire.SkipProperty(ref reader);
            }
        }
        AnthropicWire.CloseObject(ref reader);
        if (contents is null)
        {
            throw new JsonException("a message without content");
        }

        var now = DateTimeOffset.UtcNow;
        var message = new ChatMessage(ChatRole.Assistant, contents) { CreatedAt = now, MessageId = id };
        return new ChatResponse(message)
        {
            CreatedAt = now,
            FinishReason = finishReason,
            ModelId = model ?? requestedModel,
            ResponseId = id,
            Usage = usage.Seen ? usage.ToDetails() : null,
        };
    }

    /// <summary>The <c>text</c> blocks of the <c>content</c> array the reader is on.</summary>
    private static List<AIContent> ReadContent(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw new JsonException("content is not an array");
        }
        var contents = new List<AIContent>(1);
        while (reader.Read() && reader.TokenType == JsonTokenType.StartObject)
        {
            var isText = false;
            string? text = null;
            while (AnthropicWire.NextProperty(ref reader))
            {
                if (AnthropicWire.IsProperty(ref reader, "type"u8))
                {
                    isText = reader.ValueTextEquals("text"u8);
                }
                else if (AnthropicWire.IsProperty(ref reader, "text"u8))
                {
                    text = AnthropicWire.ReadString(ref reader);
                }
                else
                {
                    AnthropicWire.SkipProperty(ref reader);
                }
            }
            if (isText && text is not null)
            {
                contents.Add(new TextContent(text));
            }
        }
        if (reader.TokenType != JsonTokenType.EndArray)
        {
            throw new JsonException("content holds something other than blocks");
        }
        return contents;
    }
}
