using System.Buffers;
using System.Text.Json;
using FlexiAI.Protocols.OpenAI;

namespace FlexiAI.Api.Caching;

/// <summary>
/// Replays a whole <c>chat.completion</c> as the stream a provider would have sent: for each choice one chunk with the
/// message (role, content, refusal, tool calls with their index, function call) and its logprobs, then one with its
/// finish reason; the usage chunk when the caller asked for it (<c>stream_options.include_usage</c>); then
/// <c>[DONE]</c>. Every chunk carries the answer's id, created, model, service tier and system fingerprint.
/// </summary>
internal static class CompletionChunks
{
    private static readonly string[] DeltaFields = ["role", "content", "refusal", "function_call"];
    private static readonly string[] ChunkFields = ["id", "created", "model", "service_tier", "system_fingerprint"];

    /// <summary>The stream's bytes; null when the body is not a chat completion with choices.</summary>
    public static byte[]? FromCompletion(ReadOnlyMemory<byte> completion, bool includeUsage)
    {
        try
        {
            using var document = JsonDocument.Parse(completion);
            return FromCompletion(document.RootElement, completion.Length, includeUsage);
        }
        catch (Exception exception) when (exception is JsonException or InvalidOperationException or FormatException)
        {
            return null;
        }
    }

    private static byte[]? FromCompletion(JsonElement root, int size, bool includeUsage)
    {
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("choices", out var choices) || choices.ValueKind != JsonValueKind.Array)
        {
            return null;
        }

        var buffer = new ArrayBufferWriter<byte>(size * 2);
        foreach (var choice in choices.EnumerateArray())
        {
            var index = choice.TryGetProperty("index", out var i) ? i.GetInt32() : 0;
            WriteChunk(buffer, root, writer =>
            {
                writer.WriteStartObject();
                writer.WriteNumber("index", index);
                writer.WriteStartObject("delta");
                if (choice.TryGetProperty("message", out var message) && message.ValueKind == JsonValueKind.Object)
                {
                    WriteDelta(writer, message);
                }
                writer.WriteEndObject();
                writer.WritePropertyName("logprobs");
                if (choice.TryGetProperty("logprobs", out var logprobs))
                {
                    logprobs.WriteTo(writer);
                }
                else
                {
                    writer.WriteNullValue();
                }
                writer.WriteNull("finish_reason");
                writer.WriteEndObject();
            });
            WriteChunk(buffer, root, writer =>
            {
                writer.WriteStartObject();
                writer.WriteNumber("index", index);
                writer.WriteStartObject("delta");
                writer.WriteEndObject();
                writer.WriteNull("logprobs");
                writer.WritePropertyName("finish_reason");
                if (choice.TryGetProperty("finish_reason", out var finish))
                {
                    finish.WriteTo(writer);
                }
                else
                {
                    writer.WriteStringValue("stop");
                }
                writer.WriteEndObject();
            });
        }
        if (includeUsage && root.TryGetProperty("usage", out var usage))
        {
            WriteChunk(buffer, root, null, usage);
        }
        buffer.Write(SseEvent.Done);
        return buffer.WrittenSpan.ToArray();
    }

    private static void WriteDelta(Utf8JsonWriter writer, JsonElement message)
    {
        foreach (var field in DeltaFields)
        {
            if (message.TryGetProperty(field, out var value) && value.ValueKind != JsonValueKind.Null)
            {
                writer.WritePropertyName(field);
                value.WriteTo(writer);
            }
        }
        if (message.TryGetProperty("tool_calls", out var calls) && calls.ValueKind == JsonValueKind.Array)
        {
            // Stream deltas name each call's position: the OpenAI SDKs assemble calls by index.
            writer.WriteStartArray("tool_calls");
            var position = 0;
            foreach (var call in calls.EnumerateArray())
            {
                writer.WriteStartObject();
                writer.WriteNumber("index", position++);
                foreach (var property in call.EnumerateObject())
                {
                    if (property.Name != "index")
                    {
                        property.WriteTo(writer);
                    }
                }
                writer.WriteEndObject();
            }
            writer.WriteEndArray();
        }
    }

    /// <summary>One <c>data:</c> event: the answer's identity, <c>choices</c> (one, or none for the usage chunk), <c>usage</c>.</summary>
    private static void WriteChunk(ArrayBufferWriter<byte> buffer, JsonElement root, Action<Utf8JsonWriter>? choice, JsonElement usage = default)
    {
        buffer.Write("data: "u8);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            foreach (var field in ChunkFields)
            {
                if (root.TryGetProperty(field, out var value))
                {
                    writer.WritePropertyName(field);
                    value.WriteTo(writer);
                }
            }
            writer.WriteString("object", "chat.completion.chunk");
            writer.WriteStartArray("choices");
            choice?.Invoke(writer);
            writer.WriteEndArray();
            if (usage.ValueKind == JsonValueKind.Object)
            {
                writer.WritePropertyName("usage");
                usage.WriteTo(writer);
            }
            writer.WriteEndObject();
        }
        buffer.Write("\n\n"u8);
    }
}
