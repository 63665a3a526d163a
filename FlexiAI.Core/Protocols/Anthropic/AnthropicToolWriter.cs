using System.Text.Json;
using FlexiAI.Routing;
using Microsoft.Extensions.AI;

namespace FlexiAI.Protocols.Anthropic;

/// <summary>
/// Writes <c>tools</c> and <c>tool_choice</c>: each <see cref="AIFunctionDeclaration"/> as a tool with its name,
/// description and JSON schema as <c>input_schema</c>; the tool mode auto / none / require any / require one as
/// <c>auto</c> / <c>none</c> / <c>any</c> / <c>tool</c>; <see cref="ChatOptions.AllowMultipleToolCalls"/> false as
/// <c>disable_parallel_tool_use</c>. A JSON response format becomes the one tool
/// <see cref="AnthropicToolCalls.StructuredOutputTool"/> whose input schema is the response's schema, forced.
/// </summary>
internal static class AnthropicToolWriter
{
    private static readonly JsonElement AnyObject = JsonDocument.Parse("""{"type":"object"}""").RootElement.Clone();

    public static void Write(Utf8JsonWriter writer, ChatOptions? options)
    {
        if (AnthropicRequestWriter.WantsStructuredOutput(options))
        {
            var format = (ChatResponseFormatJson)options!.ResponseFormat!;
            writer.WriteStartArray("tools"u8);
            WriteTool(writer, AnthropicToolCalls.StructuredOutputTool,
                format.SchemaDescription ?? "Give the answer as this tool's input: JSON that satisfies its schema" +
                (format.SchemaName is { } name ? $" ({name})." : "."),
                format.Schema ?? AnyObject);
            writer.WriteEndArray();
            WriteChoice(writer, "tool"u8, AnthropicToolCalls.StructuredOutputTool, disableParallel: true);
            return;
        }
        if (options?.Tools is not { Count: > 0 } tools || options.ToolMode is NoneChatToolMode && tools.Count == 0)
        {
            return;
        }
        writer.WriteStartArray("tools"u8);
        foreach (var tool in tools)
        {
            if (tool is not AIFunctionDeclaration function)
            {
                throw ProviderException.Unsupported($"the tool '{tool.Name}' ({tool.GetType().Name}) is not a function, which the Anthropic translation cannot carry");
            }
            WriteTool(writer, function.Name, function.Description, function.JsonSchema);
        }
        writer.WriteEndArray();

        var disableParallel = options.AllowMultipleToolCalls == false;
        switch (options.ToolMode)
        {
            case NoneChatToolMode:
                WriteChoice(writer, "none"u8, null, disableParallel: false);
                break;
            case RequiredChatToolMode { RequiredFunctionName: { } name }:
                WriteChoice(writer, "tool"u8, name, disableParallel);
                break;
            case RequiredChatToolMode:
                WriteChoice(writer, "any"u8, null, disableParallel);
                break;
            default:
                if (disableParallel)
                {
                    WriteChoice(writer, "auto"u8, null, disableParallel);
                }
                break;
        }
    }

    private static void WriteTool(Utf8JsonWriter writer, string name, string? description, JsonElement schema)
    {
        writer.WriteStartObject();
        writer.WriteString("name"u8, name);
        if (!string.IsNullOrEmpty(description))
        {
            writer.WriteString("description"u8, description);
        }
        writer.WritePropertyName("input_schema"u8);
        (schema.ValueKind == JsonValueKind.Object ? schema : AnyObject).WriteTo(writer);
        writer.WriteEndObject();
    }

    private static void WriteChoice(Utf8JsonWriter writer, ReadOnlySpan<byte> type, string? name, bool disableParallel)
    {
        writer.WriteStartObject("tool_choice"u8);
        writer.WriteString("type"u8, type);
        if (name is not null)
        {
            writer.WriteString("name"u8, name);
        }
        if (disableParallel)
        {
            writer.WriteBoolean("disable_parallel_tool_use"u8, true);
        }
        writer.WriteEndObject();
    }
}
