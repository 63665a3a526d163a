using System.Text.Json;
using FlexiAI.Routing;
using Microsoft.Extensions.AI;

namespace FlexiAI.Protocols.Anthropic;

/// <summary>
/// Reads a whole Messages API answer (a <c>message</c> object) into a <see cref="ChatResponse"/> in one forward pass:
/// <c>id</c>, <c>model</c>, the <c>text</c> blocks of <c>content</c> (one <see cref="TextContent"/> each, in one
/// assistant message), <c>stop_reason</c> and <c>usage</c>. Other blocks and fields are skipped.
/// </summary>
internal static class AnthropicResponseReader
{
    /// <exception cref="ProviderException">Malformed: not a complete JSON object, or one without <c>content</c>.</exception>
    public static ChatResponse Read(ReadOnlySpan<byte> json, string requestedModel, bool structuredOutput = false)
    {
        try
        {
            return Parse(json, requestedModel, structuredOutput);
        }
        catch (Exception exception) when (exception is JsonException or InvalidOperationException)
        {
            // InvalidOperationException: a value of the wrong kind (a number where a string belongs).
            throw ProviderException.Malformed("the provider's answer is not a valid Anthropic message", exception);
        }
    }

    private static ChatResponse Parse(ReadOnlySpan<byte> json, string requestedModel, bool structuredOutput)
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
                contents = ReadContent(ref reader, structuredOutput);
            }
            else if (AnthropicWire.IsProperty(ref reader, "stop_reason"u8))
            {
                finishReason = AnthropicWire.ReadFinishReason(ref reader, structuredOutput);
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

    /// <summary>
    /// The blocks of the <c>content</c> array the reader is on: <c>text</c> as <see cref="TextContent"/>, <c>tool_use</c> as
    /// <see cref="FunctionCallContent"/> (the provider's id, the input's properties as <see cref="JsonElement"/>s), or,
    /// for the structured-output tool the request forced, its input as JSON text. Thinking and newer blocks are skipped.
    /// </summary>
    private static List<AIContent> ReadContent(ref Utf8JsonReader reader, bool structuredOutput)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw new JsonException("content is not an array");
        }
        var contents = new List<AIContent>(1);
        while (reader.Read() && reader.TokenType == JsonTokenType.StartObject)
        {
            var type = BlockType.Other;
            string? text = null, id = null, name = null;
            JsonElement? input = null;
            while (AnthropicWire.NextProperty(ref reader))
            {
                if (AnthropicWire.IsProperty(ref reader, "type"u8))
                {
                    type = reader.ValueTextEquals("text"u8) ? BlockType.Text : reader.ValueTextEquals("tool_use"u8) ? BlockType.ToolUse : BlockType.Other;
                }
                else if (AnthropicWire.IsProperty(ref reader, "text"u8))
                {
                    text = AnthropicWire.ReadString(ref reader);
                }
                else if (AnthropicWire.IsProperty(ref reader, "id"u8))
                {
                    id = AnthropicWire.ReadString(ref reader);
                }
                else if (AnthropicWire.IsProperty(ref reader, "name"u8))
                {
                    name = AnthropicWire.ReadString(ref reader);
                }
                else if (AnthropicWire.IsProperty(ref reader, "input"u8))
                {
                    input = JsonElement.ParseValue(ref reader);
                }
                else
                {
                    AnthropicWire.SkipProperty(ref reader);
                }
            }
            if (type == BlockType.Text && text is not null)
            {
                contents.Add(new TextContent(text));
            }
            else if (type == BlockType.ToolUse)
            {
                contents.Add(AnthropicToolCalls.FromBlock(id, name, input, structuredOutput));
            }
        }
        if (reader.TokenType != JsonTokenType.EndArray)
        {
            throw new JsonException("content holds something other than blocks");
        }
        return contents;
    }

    private enum BlockType
    {
        Other,
        Text,
        ToolUse,
    }
}
