using System.Buffers;
using System.Text.Json;
using FlexiAI.Protocols.Anthropic;
using Microsoft.Extensions.AI;

namespace FlexiAI.Protocols.OpenAI;

/// <summary>Writes Microsoft.Extensions.AI responses in OpenAI's Chat Completions format (whole answers and stream chunks).</summary>
public static class OpenAIResponseWriter
{

    public static CompletionPayload Completion(ChatResponse response, string model, TimeProvider time)
    {
        var text = response.Text;
        // Sized for the whole answer up front (ASCII text fits; other text grows it once), not grown by doubling.
        var buffer = new ArrayBufferWriter<byte>(512 + 2 * text.Length);
        using (var writer = new Utf8JsonWriter(buffer, WireJson.WriterOptions))
        {
            writer.WriteStartObject();
            writer.WriteString("id", CompletionId(response.ResponseId));
            writer.WriteString("object", "chat.completion");
            writer.WriteNumber("created", (response.CreatedAt ?? time.GetUtcNow()).ToUnixTimeSeconds());
            writer.WriteString("model", response.ModelId ?? model);
            writer.WriteStartArray("choices");
            writer.WriteStartObject();
            writer.WriteNumber("index", 0);
            writer.WriteStartObject("message");
            writer.WriteString("role", "assistant");
            var finish = FinishReason(response.FinishReason) ?? "stop";
            var calls = ToolCalls(response);
            // A refusal's text is the refusal, not content (as OpenAI answers one); tool calls without text have null content.
            if (finish == "content_filter" || (calls.Count > 0 && text.Length == 0))
            {
                writer.WriteNull("content");
            }
            else
            {
                writer.WriteString("content", text);
            }
            if (finish == "content_filter" && text.Length > 0)
            {
                writer.WriteString("refusal", text);
            }
            else
            {
                writer.WriteNull("refusal");
            }
            if (calls.Count > 0)
            {
                writer.WriteStartArray("tool_calls");
                foreach (var call in calls)
                {
                    writer.WriteStartObject();
                    writer.WriteString("id", call.CallId);
                    writer.WriteString("type", "function");
                    writer.WriteStartObject("function");
                    writer.WriteString("name", call.Name);
                    writer.WriteString("arguments", ToolCallArguments.Json(call.Arguments));
                    writer.WriteEndObject();
                    writer.WriteEndObject();
                }
                writer.WriteEndArray();
            }
            writer.WriteEndObject();
            writer.WriteNull("logprobs");
            writer.WriteString("finish_reason", finish);
            writer.WriteEndObject();
            writer.WriteEndArray();
            var usage = Usage(response.Usage);
            if (usage is { } u)
            {
                WriteUsage(writer, u);
            }
            writer.WriteEndObject();
        }
        return new CompletionPayload(buffer.WrittenMemory, "application/json", Usage(response.Usage));
    }

    /// <summary>
    /// One <c>chat.completion.chunk</c> event, or the usage-only chunk when <paramref name="usage"/> is set. A tool call's
    /// piece is a <c>tool_calls</c> delta: index, and on the first piece id, type and name; argument text after.
    /// </summary>
    public static byte[] Chunk(string id, long created, string model, string? role, string? content, string? finishReason, TokenUsage? usage = null,
        ToolCallDelta? toolCall = null)
    {
        // One buffer and one JSON writer per thread, reused for every chunk (this method is synchronous): a streamed
        // answer of ~40 events allocated a growing buffer, a writer and the copy for each. Only the copy remains.
        var buffer = t_chunkBuffer ??= new ArrayBufferWriter<byte>(1024);
        buffer.ResetWrittenCount();
        buffer.Write("data: "u8);
        var writer = t_chunkWriter ??= new Utf8JsonWriter(buffer, WireJson.WriterOptions);
        writer.Reset(buffer);
        writer.WriteStartObject();
        writer.WriteString("id", id);
        writer.WriteString("object", "chat.completion.chunk");
        writer.WriteNumber("created", created);
        writer.WriteString("model", model);
        writer.WriteStartArray("choices");
        if (usage is null)
        {
            writer.WriteStartObject();
            writer.WriteNumber("index", 0);
            writer.WriteStartObject("delta");
            if (role is not null)
            {
                writer.WriteString("role", role);
            }
            if (content is not null)
            {
                writer.WriteString("content", content);
            }
            if (toolCall is not null)
            {
                WriteToolCallDelta(writer, toolCall);
            }
            writer.WriteEndObject();
            writer.WriteNull("logprobs");
            writer.WriteString("finish_reason", finishReason);
            writer.WriteEndObject();
        }
        writer.WriteEndArray();
        if (usage is { } u)
        {
            WriteUsage(writer, u);
        }
        writer.WriteEndObject();
        writer.Flush();
        buffer.Write("\n\n"u8);
        var chunk = buffer.WrittenSpan.ToArray();
        if (buffer.Capacity > MaxCachedChunkBuffer)
        {
            // A rare large event (a long tool argument) does not keep its buffer for the thread's life.
            t_chunkBuffer = null;
            t_chunkWriter = null;
        }
        return chunk;
    }

    private const int MaxCachedChunkBuffer = 64 * 1024;

    [ThreadStatic]
    private static ArrayBufferWriter<byte>? t_chunkBuffer;

    [ThreadStatic]
    private static Utf8JsonWriter? t_chunkWriter;

    public static string CompletionId(string? responseId) =>
        "chatcmpl-" + (string.IsNullOrEmpty(responseId) ? Guid.NewGuid().ToString("N") : responseId);

    public static string? FinishReason(ChatFinishReason? reason) =>
        reason is null ? null
        : reason == ChatFinishReason.Length ? "length"
        : reason == ChatFinishReason.ToolCalls ? "tool_calls"
        : reason == ChatFinishReason.ContentFilter ? "content_filter"
        : "stop";

    public static TokenUsage? Usage(UsageDetails? usage) =>
        usage is null ? null : new TokenUsage(usage.InputTokenCount ?? 0, usage.OutputTokenCount ?? 0, usage.CachedInputTokenCount ?? 0);

    private static List<FunctionCallContent> ToolCalls(ChatResponse response)
    {
        var calls = new List<FunctionCallContent>();
        foreach (var message in response.Messages)
        {
            foreach (var content in message.Contents)
            {
                if (content is FunctionCallContent call)
                {
                    calls.Add(call);
                }
            }
        }
        return calls;
    }

    private static void WriteToolCallDelta(Utf8JsonWriter writer, ToolCallDelta toolCall)
    {
        writer.WriteStartArray("tool_calls");
        writer.WriteStartObject();
        writer.WriteNumber("index", toolCall.Index);
        if (toolCall.CallId is not null)
        {
            writer.WriteString("id", toolCall.CallId);
            writer.WriteString("type", "function");
        }
        writer.WriteStartObject("function");
        if (toolCall.Name is not null)
        {
            writer.WriteString("name", toolCall.Name);
        }
        writer.WriteString("arguments", toolCall.Arguments);
        writer.WriteEndObject();
        writer.WriteEndObject();
        writer.WriteEndArray();
    }

    private static void WriteUsage(Utf8JsonWriter writer, TokenUsage usage)
    {
        writer.WriteStartObject("usage");
        writer.WriteNumber("prompt_tokens", usage.PromptTokens);
        writer.WriteNumber("completion_tokens", usage.CompletionTokens);
        writer.WriteNumber("total_tokens", usage.TotalTokens);
        writer.WriteStartObject("prompt_tokens_details");
        writer.WriteNumber("cached_tokens", usage.CachedTokens);
        writer.WriteEndObject();
        writer.WriteEndObject();
    }
}
