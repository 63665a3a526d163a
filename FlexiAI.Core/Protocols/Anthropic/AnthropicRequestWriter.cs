using System.Buffers;
using System.Text.Json;
using FlexiAI.Routing;
using Microsoft.Extensions.AI;

namespace FlexiAI.Protocols.Anthropic;

/// <summary>
/// Writes a Messages API request (<c>POST /v1/messages</c>) from Microsoft.Extensions.AI messages and options, as the
/// official SDK's <c>AsIChatClient</c> did for text: system messages and <see cref="ChatOptions.Instructions"/> become
/// the top-level <c>system</c> blocks, user and assistant messages their content blocks (blank text left out, an
/// assistant's trailing whitespace trimmed; images; tool calls as <c>tool_use</c>), tool messages <c>tool_result</c>
/// blocks, tools and the tool mode <c>tools</c> and <c>tool_choice</c>, a JSON response format a forced tool, reasoning
/// a thinking budget, and <c>max_tokens</c> defaults to <see cref="DefaultMaxTokens"/>.
/// What it cannot carry is refused as a client error rather than silently dropped.
/// </summary>
internal static class AnthropicRequestWriter
{
    /// <summary><c>max_tokens</c> when <see cref="ChatOptions.MaxOutputTokens"/> is not set (the API requires one); plus the thinking budget when reasoning is asked for.</summary>
    public const int DefaultMaxTokens = 1024;

    /// <summary>The <see cref="ChatOptions.AdditionalProperties"/> key of the end user's id (OpenAI's <c>user</c>), sent as <c>metadata.user_id</c>.</summary>
    public const string UserProperty = "user";

    /// <summary>A thread's buffer is dropped rather than kept when a request made it grow past this.</summary>
    private const int KeptBufferBytes = 64 * 1024;

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
        var writer = t_writer ??= new Utf8JsonWriter(buffer, WireJson.WriterOptions);
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

    /// <summary>A JSON response format (without tools): asked for with the forced <see cref="AnthropicToolCalls.StructuredOutputTool"/>.</summary>
    public static bool WantsStructuredOutput(ChatOptions? options) =>
        options?.ResponseFormat is ChatResponseFormatJson && options.Tools is not { Count: > 0 };

    private static void WriteBody(Utf8JsonWriter writer, IReadOnlyList<ChatMessage> messages, ChatOptions? options, string model, bool stream)
    {
        if (options?.ResponseFormat is ChatResponseFormatJson && options.Tools is { Count: > 0 })
        {
            throw ProviderException.Unsupported("a JSON response format together with tools is not supported by the Anthropic translation");
        }
        var thinkingBudget = AnthropicThinking.Budget(options?.Reasoning);

        writer.WriteStartObject();
        writer.WriteString("model"u8, model);
        writer.WriteNumber("max_tokens"u8, options?.MaxOutputTokens ?? DefaultMaxTokens + (thinkingBudget ?? 0));
        WriteSystem(writer, messages, options?.Instructions);
        WriteMessages(writer, messages);
        AnthropicToolWriter.Write(writer, options);
        if (thinkingBudget is { } budget)
        {
            writer.WriteStartObject("thinking"u8);
            writer.WriteString("type"u8, "enabled"u8);
            writer.WriteNumber("budget_tokens"u8, budget);
            writer.WriteEndObject();
        }
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
        if (options?.AdditionalProperties?.TryGetValue(UserProperty, out var user) == true && user is string { Length: > 0 } userId)
        {
            writer.WriteStartObject("metadata"u8);
            writer.WriteString("user_id"u8, userId);
            writer.WriteEndObject();
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

    /// <summary>
    /// Every message but the system ones as a turn of content blocks (text, images, <c>tool_use</c>), tool messages as
    /// <c>tool_result</c> blocks of a user turn: consecutive tool messages make one turn, as the API requires.
    /// </summary>
    private static void WriteMessages(Utf8JsonWriter writer, IReadOnlyList<ChatMessage> messages)
    {
        writer.WriteStartArray("messages"u8);
        var written = 0;
        var toolTurnOpen = false;
        for (var i = 0; i < messages.Count; i++)
        {
            var message = messages[i];
            if (message.Role == ChatRole.System)
            {
                continue;
            }
            var assistant = message.Role == ChatRole.Assistant;
            var tool = message.Role == ChatRole.Tool;
            var started = tool && toolTurnOpen;
            foreach (var content in message.Contents)
            {
                if (!AnthropicContentWriter.HasBlock(content, assistant))
                {
                    continue;
                }
                if (!started)
                {
                    if (toolTurnOpen)
                    {
                        EndTurn(writer);
                        toolTurnOpen = false;
                    }
                    writer.WriteStartObject();
                    writer.WriteString("role"u8, assistant ? "assistant"u8 : "user"u8);
                    writer.WriteStartArray("content"u8);
                    started = true;
                    written++;
                }
                AnthropicContentWriter.WriteBlock(writer, content, assistant);
            }
            if (tool)
            {
                // Left open: the next tool message's results join this user turn.
                toolTurnOpen |= started;
            }
            else if (started)
            {
                EndTurn(writer);
            }
        }
        if (toolTurnOpen)
        {
            EndTurn(writer);
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

    private static void EndTurn(Utf8JsonWriter writer)
    {
        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    internal static void WriteTextBlock(Utf8JsonWriter writer, string text)
    {
        writer.WriteStartObject();
        writer.WriteString("type"u8, "text"u8);
        writer.WriteString("text"u8, text);
        writer.WriteEndObject();
    }

    /// <summary>The text of a system message's content; null for bookkeeping (usage, stream pieces); refused for anything else.</summary>
    private static string? Text(AIContent content) => content switch
    {
        TextContent text => text.Text,
        UsageContent or ToolCallDelta => null,
        _ => throw ProviderException.Unsupported($"content of type {content.GetType().Name} is not supported by the Anthropic translation"),
    };
}
