using System.Buffers;
using System.Text.Json;
using FlexiAI.Api.Messages;

namespace FlexiAI.Api.Caching;

/// <summary>
/// A whole Messages answer (a cached <c>message</c>) as the event stream Anthropic would have sent for it:
/// <c>message_start</c> (the message with empty <c>content</c>, null <c>stop_reason</c> and <c>stop_sequence</c>), per
/// content block <c>content_block_start</c> (the block without its content), one <c>content_block_delta</c>
/// (<c>text_delta</c>, <c>input_json_delta</c> with the whole input, <c>thinking_delta</c> and <c>signature_delta</c>) and
/// <c>content_block_stop</c>; blocks of any other type whole in their start; then <c>message_delta</c> (<c>stop_reason</c>,
/// <c>stop_sequence</c>, <c>usage</c>) and <c>message_stop</c>.
/// </summary>
internal static class MessageEvents
{
    /// <summary>The stream's bytes; null when the body is not a <c>message</c> with a <c>content</c> array.</summary>
    public static byte[]? FromMessage(ReadOnlyMemory<byte> message)
    {
        try
        {
            using var document = JsonDocument.Parse(message);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("content", out var content) || content.ValueKind != JsonValueKind.Array)
            {
                return null;
            }
            var buffer = new ArrayBufferWriter<byte>(message.Length * 2);
            buffer.Write(MessagesResponseWriter.Event("message_start", writer =>
            {
                writer.WriteStartObject("message");
                foreach (var property in root.EnumerateObject())
                {
                    switch (property.Name)
                    {
                        case "type":
                            writer.WriteString("type", "message");
                            break;
                        case "content":
                            writer.WriteStartArray("content");
                            writer.WriteEndArray();
                            break;
                        case "stop_reason" or "stop_sequence":
                            writer.WriteNull(property.Name);
                            break;
                        default:
                            property.WriteTo(writer);
                            break;
                    }
                }
                writer.WriteEndObject();
            }));
            var index = 0;
            foreach (var block in content.EnumerateArray())
            {
                WriteBlock(buffer, index++, block);
            }
            buffer.Write(MessagesResponseWriter.Event("message_delta", writer =>
            {
                writer.WriteStartObject("delta");
                CopyOrNull(writer, root, "stop_reason");
                CopyOrNull(writer, root, "stop_sequence");
                writer.WriteEndObject();
                if (root.TryGetProperty("usage", out var usage))
                {
                    writer.WritePropertyName("usage");
                    usage.WriteTo(writer);
                }
            }));
            buffer.Write(MessagesResponseWriter.MessageStop());
            return buffer.WrittenSpan.ToArray();
        }
        catch (Exception exception) when (exception is JsonException or InvalidOperationException or KeyNotFoundException)
        {
            return null;
        }
    }

    private static void WriteBlock(ArrayBufferWriter<byte> buffer, int index, JsonElement block)
    {
        var type = block.GetProperty("type").GetString();
        // What a block starts with: its fields, its content emptied (sent next as a delta).
        buffer.Write(MessagesResponseWriter.Event("content_block_start", writer =>
        {
            writer.WriteNumber("index", index);
            writer.WriteStartObject("content_block");
            foreach (var property in block.EnumerateObject())
            {
                switch (type, property.Name)
                {
                    case ("text", "text") or ("thinking", "thinking") or ("thinking", "signature"):
                        writer.WriteString(property.Name, "");
                        break;
                    case ("tool_use", "input"):
                        writer.WriteStartObject("input");
                        writer.WriteEndObject();
                        break;
                    default:
                        property.WriteTo(writer);
                        break;
                }
            }
            writer.WriteEndObject();
        }));
        switch (type)
        {
            case "text":
                buffer.Write(Delta(index, "text_delta", "text", block.GetProperty("text").GetString()!));
                break;
            case "tool_use":
                buffer.Write(MessagesResponseWriter.InputJsonDelta(index, block.GetProperty("input").GetRawText()));
                break;
            case "thinking":
                buffer.Write(Delta(index, "thinking_delta", "thinking", block.GetProperty("thinking").GetString()!));
                if (block.TryGetProperty("signature", out var signature) && signature.ValueKind == JsonValueKind.String)
                {
                    buffer.Write(Delta(index, "signature_delta", "signature", signature.GetString()!));
                }
                break;
        }
        buffer.Write(MessagesResponseWriter.BlockStop(index));
    }

    private static byte[] Delta(int index, string type, string field, string value) => MessagesResponseWriter.Event("content_block_delta", writer =>
    {
        writer.WriteNumber("index", index);
        writer.WriteStartObject("delta");
        writer.WriteString("type", type);
        writer.WriteString(field, value);
        writer.WriteEndObject();
    });

    private static void CopyOrNull(Utf8JsonWriter writer, JsonElement root, string name)
    {
        if (root.TryGetProperty(name, out var value))
        {
            writer.WritePropertyName(name);
            value.WriteTo(writer);
        }
        else
        {
            writer.WriteNull(name);
        }
    }
}
