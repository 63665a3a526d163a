using System.Text.Json;
using Microsoft.Extensions.AI;

namespace FlexiAI.Protocols.Anthropic;

/// <summary>
/// What a <c>tool_use</c> block of an answer stands for: a <see cref="FunctionCallContent"/> with the provider's id and
/// the input's properties, or, when it is the structured-output tool (<see cref="StructuredOutputTool"/>) the request
/// forced for a JSON response format, the answer itself as JSON text.
/// </summary>
internal static class AnthropicToolCalls
{
    /// <summary>The tool a JSON response format is asked for with (the Messages API of 2023-06-01 has no response format).</summary>
    public const string StructuredOutputTool = "json_response";

    public static AIContent FromBlock(string? id, string? name, JsonElement? input, bool structuredOutput)
    {
        if (string.IsNullOrEmpty(id) || string.IsNullOrEmpty(name))
        {
            throw new JsonException("a tool_use block without an id or a name");
        }
        if (structuredOutput && name == StructuredOutputTool)
        {
            return new TextContent(input?.GetRawText() ?? "{}");
        }
        return new FunctionCallContent(id, name, ToolCallArguments.Read(input));
    }
}
