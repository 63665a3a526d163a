using System.Buffers;
using System.Text.Json;
using FlexiAI.Protocols;
using FlexiAI.Protocols.OpenAI;
using Microsoft.Extensions.AI;

namespace FlexiAI.Api.Messages;

/// <summary>
/// Writes a translated answer in the Messages API's shape: a whole <c>message</c> (text and <c>tool_use</c> blocks in
/// the order answered, <c>stop_reason</c>, <c>usage</c>), or the events of a stream (<c>message_start</c>,
/// <c>content_block_start</c>, <c>content_block_delta</c>, <c>content_block_stop</c>, <c>message_delta</c>,
/// <c>message_stop</c>), each as <c>event: {type}\ndata: {json}\n\n</c>.
/// </summary>
internal static class MessagesResponseWriter
{
    public static CompletionPayload Message(ChatResponse response, string model)
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var writer = new Utf8JsonWriter(buffer, WireJson.WriterOptions))
        {
            writer.WriteStartObject();
            WriteMessageHead(writer, MessageId(response.ResponseId), response.ModelId ?? model);
            writer.WriteStartArray("content");
            foreach (var message in response.Messages)
            {
                foreach (var content in message.Contents)
                {
                    switch (content)
                    {
                        case TextContent { Text.Length: > 0 } text:
                            writer.WriteStartObject();
                            writer.WriteString("type", "text");
                            writer.WriteString("text", text.Text);
                            writer.WriteEndObject();
                            break;
                        case FunctionCallContent call:
                            writer.WriteStartObject();
                            WriteToolUse(writer, call, withInput: true);
                            writer.WriteEndObject();
                            break;
                    }
                }
            }
            writer.WriteEndArray();
            writer.WriteString("stop_reason", StopReason(response.FinishReason));
            writer.WriteNull("stop_sequence");
            var usage = OpenAIResponseWriter.Usage(response.Usage);
            WriteUsage(writer, usage ?? new TokenUsage(0, 0));
            writer.WriteEndObject();
        }
        return new CompletionPayload(buffer.WrittenMemory, "application/json", OpenAIResponseWriter.Usage(response.Usage));
    }

    /// <summary>The answer's id: the provider's when it is already a message id, else <c>msg_</c> and the provider's (or a new) id.</summary>
    public static string MessageId(string? responseId) =>
        string.IsNullOrEmpty(responseId) ? "msg_" + Guid.NewGuid().ToString("N")
        : responseId.StartsWith("msg_", StringComparison.Ordinal) ? responseId
        : "msg_" + responseId;

    /// <summary>Anthropic's <c>stop_reason</c> for a finish reason: <c>end_turn</c>, <c>max_tokens</c>, <c>tool_use</c>, <c>refusal</c>.</summary>
    public static string StopReason(ChatFinishReason? reason) =>
        reason == ChatFinishReason.Length ? "max_tokens"
        : reason == ChatFinishReason.ToolCalls ? "tool_use"
        : reason == ChatFinishReason.ContentFilter ? "refusal"
        : "end_turn";

    public static byte[] MessageStart(string id, string model) => Event("message_start", writer =>
    {
        writer.WriteStartObject("message");
        WriteMessageHead(writer, id, model);
        writer.WriteStartArray("content");
        writer.WriteEndArray();
        writer.WriteNull("stop_reason");
        writer.WriteNull("stop_sequence");
        WriteUsage(writer, new TokenUsage(0, 0));
        writer.WriteEndObject();
    });

    public static byte[] TextBlockStart(int index) => Event("content_block_start", writer =>
    {
        writer.WriteNumber("index", index);
        writer.WriteStartObject("content_block");
        writer.WriteString("type", "text");
        writer.WriteString("text", "");
        writer.WriteEndObject();
    });

    public static byte[] ToolUseBlockStart(int index, FunctionCallContent call) => Event("content_block_start", writer =>
    {
        writer.WriteNumber("index", index);
        writer.WriteStartObject("content_block");
        WriteToolUse(writer, call, withInput: false);
        writer.WriteEndObject();
    });

    public static byte[] TextDelta(int index, string text) => Event("content_block_delta", writer =>
    {
        writer.WriteNumber("index", index);
        writer.WriteStartObject("delta");
        writer.WriteString("type", "text_delta");
        writer.WriteString("text", text);
        writer.WriteEndObject();
    });

    public static byte[] InputJsonDelta(int index, string partialJson) => Event("content_block_delta", writer =>
    {
        writer.WriteNumber("index", index);
        writer.WriteStartObject("delta");
        writer.WriteString("type", "input_json_delta");
        writer.WriteString("partial_json", partialJson);
        writer.WriteEndObject();
    });

    public static byte[] BlockStop(int index) => Event("content_block_stop", writer => writer.WriteNumber("index", index));

    public static byte[] MessageDelta(string stopReason, TokenUsage usage) => Event("message_delta", writer =>
    {
        writer.WriteStartObject("delta");
        writer.WriteString("stop_reason", stopReason);
        writer.WriteNull("stop_sequence");
        writer.WriteEndObject();
        WriteUsage(writer, usage);
    });

    public static byte[] MessageStop() => Event("message_stop", _ => { });

    /// <summary>One event: <c>event: {type}\ndata: {"type":"{type}",...}\n\n</c>, the rest of the data written by <paramref name="body"/>.</summary>
    public static byte[] Event(string type, Action<Utf8JsonWriter> body)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        buffer.Write("event: "u8);
        buffer.Write(System.Text.Encoding.UTF8.GetBytes(type));
        buffer.Write("\ndata: "u8);
        using (var writer = new Utf8JsonWriter(buffer, WireJson.WriterOptions))
        {
            writer.WriteStartObject();
            writer.WriteString("type", type);
            body(writer);
            writer.WriteEndObject();
        }
        buffer.Write("\n\n"u8);
        return buffer.WrittenSpan.ToArray();
    }

    private static void WriteMessageHead(Utf8JsonWriter writer, string id, string model)
    {
        writer.WriteString("id", id);
        writer.WriteString("type", "message");
        writer.WriteString("role", "assistant");
        writer.WriteString("model", model);
    }

    private static void WriteToolUse(Utf8JsonWriter writer, FunctionCallContent call, bool withInput)
    {
        writer.WriteString("type", "tool_use");
        writer.WriteString("id", call.CallId);
        writer.WriteString("name", call.Name);
        writer.WritePropertyName("input");
        if (withInput)
        {
            writer.WriteRawValue(ToolCallArguments.Json(call.Arguments));
        }
        else
        {
            writer.WriteStartObject();
            writer.WriteEndObject();
        }
    }

    /// <summary>Input tokens without the cached ones (Anthropic counts cache reads apart), output tokens, cache reads.</summary>
    private static void WriteUsage(Utf8JsonWriter writer, TokenUsage usage)
    {
        writer.WriteStartObject("usage");
        writer.WriteNumber("input_tokens", usage.PromptTokens - usage.CachedTokens);
        writer.WriteNumber("cache_creation_input_tokens", 0);
        writer.WriteNumber("cache_read_input_tokens", usage.CachedTokens);
        writer.WriteNumber("output_tokens", usage.CompletionTokens);
        writer.WriteEndObject();
    }
}
