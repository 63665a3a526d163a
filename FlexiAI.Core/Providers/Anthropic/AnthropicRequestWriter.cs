using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;
using FlexiAI.Routing;
using Microsoft.Extensions.AI;

namespace FlexiAI.Providers.Anthropic;

/// <summary>
/// Writes a Messages API request (<c>POST /v1/messages</c>) from Microsoft.Extensions.AI messages and options, as the
/// official SDK's <c>AsIChatClient</c> did for text: system messages and <see cref="ChatOptions.Instructions"/> become
/// the top-level <c>system</c> blocks, user and assistant messages their text blocks (blank text left out, an
/// assistant's trailing whitespace trimmed), and <c>max_tokens</c> defaults to <see cref="DefaultMaxTokens"/>.
/// What it cannot carry (tools, images, JSON output) is refused as a client error rather than silently dropped.
/// </summary>
internal static class AnthropicRequestWriter
{
    /// <summary><c>max_tokens</c> when <see cref="ChatOptions.MaxOutputTokens"/> is not set (the API requires one).</summary>
    public const int DefaultMaxTokens = 1024;

    /// <summary>A thread's buffer is dropped rather than kept when a request made it grow past this.</summary>
    private const int KeptBufferBytes = 64 * 1024;

    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    // Writing is synchronous, so one buffer and one writer per thread serve every request on it.
    [ThreadStatic] private static ArrayBufferWriter<byte>? t_buffer;
    [ThreadStatic] private static Utf8JsonWriter? t_writer;

    /// <summary>The request body, as a new array of its exact length.</summary>
    /// <exception cref="ProviderException">A client error: the request holds something this client does not translate.</exception>
    public static byte[] Write(IEnumerable<ChatMessage> messages, ChatOptions? options, string model, bool stream)
    {
        var list = messages as IReadOnlyList<ChatMessage> ?? [.. messages];
        var buffer = t_buffer ??= new ArrayBufferWriter<byte>(1024);
        buffer.ResetWrittenCount();
        var writer = t_writer ??= new Utf8JsonWriter(buffer, WriterOptions);
        writer.Reset(buffer);
        try
        {
            WriteBody(writer, list, options, model, stream);
            writer.Flush();
            return buffer.WrittenSpan.ToArray();
        }
        finally
        {
            if (buffer.Capacity > KeptBufferBytes)
            {
                t_buffer = null;
                t_writer = null;
            }
        }
    }

    private static void WriteBody(Utf8JsonWriter writer, IReadOnlyList<ChatMessage> messages, ChatOptions? options, string model, bool stream)
    {
        if (options?.Tools is { Count: > 0 })
        {
            throw ProviderException.Unsupported("tools are not supported by the Anthropic translation");
        }
        if (options?.ResponseFormat is ChatResponseFormatJson)
        {
            throw ProviderException.Unsupported("a JSON response format is not supported by the Anthropic translation");
        }

        writer.WriteStartObject();
        writer.WriteString("model"u8, model);
        writer.WriteNumber("max_tokens"u8, options?.MaxOutputTokens ?? DefaultMaxTokens);
        WriteSystem(writer, messages, options?.Instructions);
        WriteMessages(writer, messages);
        if (options?.Temperature is { } temperature)
        {
            writer.WriteNumber("temperature"u8, temperature);
        }
        if (options?.TopP is { } topP)
        {
            writer.WriteNumber("top_p"u8, topP);
        }
        if (options?.TopK is { } topK)
        {
            writer.WriteNumber("top_k"u8, topK);
        }
        if (options?.StopSequences is { Count: > 0 } stopSequences)
        {
            writer.WriteStartArray("stop_sequences"u8);
            foreach (var sequence in stopSequences)
            {
                writer.WriteStringValue(sequence);
            }
            writer.WriteEndArray();
        }
        if (stream)
        {
            writer.WriteBoolean("stream"u8, true);
        }
        writer.WriteEndObject();
    }

    /// <summary>Every system message's text, then the instructions, as <c>system</c> text blocks (none: no <c>system</c>).</summary>
    private static void WriteSystem(Utf8JsonWriter writer, IReadOnlyList<ChatMessage> messages, string? instructions)
    {
        var started = false;
        for (var i = 0; i < messages.Count; i++)
        {
            var message = messages[i];
            if (message.Role != ChatRole.System)
            {
                continue;
            }
            foreach (var content in message.Contents)
            {
                if (Text(content) is { Length: > 0 } text)
                {
                    WriteSystemBlock(writer, text, ref started);
                }
            }
        }
        if (!string.IsNullOrEmpty(instructions))
        {
            WriteSystemBlock(writer, instructions, ref started);
        }
        if (started)
        {
            writer.WriteEndArray();
        }
    }

    private static void WriteSystemBlock(Utf8JsonWriter writer, string text, ref bool started)
    {
        if (!started)
        {
            writer.WriteStartArray("system"u8);
            started = true;
        }
        WriteTextBlock(writer, text);
    }

    private static void WriteMessages(Utf8JsonWriter writer, IReadOnlyList<ChatMessage> messages)
    {
        writer.WriteStartArray("messages"u8);
        var written = 0;
        for (var i = 0; i < messages.Count; i++)
        {
            var message = messages[i];
            if (message.Role == ChatRole.System)
            {
                continue;
            }
            var assistant = message.Role == ChatRole.Assistant;
            var started = false;
            foreach (var content in message.Contents)
            {
                var text = Text(content);
                if (assistant)
                {
                    text = text?.TrimEnd();
                }
                if (string.IsNullOrWhiteSpace(text))
                {
                    continue;
                }
                if (!started)
                {
                    writer.WriteStartObject();
                    writer.WriteString("role"u8, assistant ? "assistant"u8 : "user"u8);
                    writer.WriteStartArray("content"u8);
                    started = true;
                }
                WriteTextBlock(writer, text);
            }
            if (started)
            {
                writer.WriteEndArray();
                writer.WriteEndObject();
                written++;
            }
        }
        if (written == 0)
        {
            // The API requires a message; the SDK sent a zero-width space when none had text.
            writer.WriteStartObject();
            writer.WriteString("role"u8, "user"u8);
            writer.WriteStartArray("content"u8);
            WriteTextBlock(writer, "\u200b");
            writer.WriteEndArray();
            writer.WriteEndObject();
        }
        writer.WriteEndArray();
    }

    private static void WriteTextBlock(Utf8JsonWriter writer, string text)
    {
        writer.WriteStartObject();
        writer.WriteString("type"u8, "text"u8);
        writer.WriteString("text"u8, text);
        writer.WriteEndObject();
    }

    /// <summary>The text a content carries; null for usage (bookkeeping, not conversation); refused for anything else.</summary>
    private static string? Text(AIContent content) => content switch
    {
        TextContent text => text.Text,
        UsageContent => null,
        _ => throw ProviderException.Unsupported($"content of type {content.GetType().Name} is not supported by the Anthropic translation"),
    };
}
