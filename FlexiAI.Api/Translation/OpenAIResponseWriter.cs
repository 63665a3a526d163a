using System.Buffers;
using System.Text.Json;
using FlexiAI.Api.OpenAI;
using Microsoft.Extensions.AI;

namespace FlexiAI.Api.Translation;

/// <summary>Writes Microsoft.Extensions.AI responses in OpenAI's Chat Completions format (whole answers and stream chunks).</summary>
internal static class OpenAIResponseWriter
{
    public static CompletionPayload Completion(ChatResponse response, string model, TimeProvider time)
    {
        var text = response.Text;
        // Sized for the whole answer up front (ASCII text fits; other text grows it once), not grown by doubling.
        var buffer = new ArrayBufferWriter<byte>(512 + 2 * text.Length);
        using (var writer = new Utf8JsonWriter(buffer))
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
            writer.WriteString("content", text);
            writer.WriteNull("refusal");
            writer.WriteEndObject();
            writer.WriteNull("logprobs");
            writer.WriteString("finish_reason", FinishReason(response.FinishReason) ?? "stop");
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

    /// <summary>One <c>chat.completion.chunk</c> event, or the usage-only chunk when <paramref name="usage"/> is set.</summary>
    public static byte[] Chunk(string id, long created, string model, string? role, string? content, string? finishReason, TokenUsage? usage = null)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        buffer.Write("data: "u8);
        using (var writer = new Utf8JsonWriter(buffer))
        {
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
        }
        buffer.Write("\n\n"u8);
        return buffer.WrittenSpan.ToArray();
    }

    public static string CompletionId(string? responseId) =>
        "chatcmpl-" + (string.IsNullOrEmpty(responseId) ? Guid.NewGuid().ToString("N") : responseId);

    public static string? FinishReason(ChatFinishReason? reason) =>
        reason is null ? null
        : reason == ChatFinishReason.Length ? "length"
        : reason == ChatFinishReason.ToolCalls ? "tool_calls"
        : reason == ChatFinishReason.ContentFilter ? "content_filter"
        : "stop";

    public static TokenUsage? Usage(UsageDetails? usage) =>
        usage is null ? null : new TokenUsage(usage.InputTokenCount ?? 0, usage.OutputTokenCount ?? 0);

    private static void WriteUsage(Utf8JsonWriter writer, TokenUsage usage)
    {
        writer.WriteStartObject("usage");
        writer.WriteNumber("prompt_tokens", usage.PromptTokens);
        writer.WriteNumber("completion_tokens", usage.CompletionTokens);
        writer.WriteNumber("total_tokens", usage.TotalTokens);
        writer.WriteEndObject();
    }
}
