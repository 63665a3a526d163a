using System.Text;
using System.Text.Json;
using Microsoft.Extensions.AI;

namespace FlexiAI.Protocols.Anthropic;

/// <summary>
/// The tool call a Messages API stream is in the middle of (blocks come one after another, never interleaved): its
/// start and argument fragments as <see cref="ToolCallDelta"/>s, its end as the whole <see cref="FunctionCallContent"/>.
/// The structured-output tool's input is the answer: its fragments come out as <see cref="TextContent"/>.
/// </summary>
internal sealed class AnthropicToolStream(bool structuredOutput)
{
    private readonly StringBuilder _arguments = new();
    private string? _id;
    private string? _name;
    private bool _isOutput;
    private int _count;

    /// <summary>Reads a <c>content_block</c> object: its type, and for a <c>tool_use</c> its id and name.</summary>
    public static (string? Type, string? Id, string? Name) ReadBlock(ref Utf8JsonReader reader)
    {
        (string? Type, string? Id, string? Name) block = default;
        if (!AnthropicWire.EntersObject(ref reader))
        {
            return block;
        }
        while (AnthropicWire.NextProperty(ref reader))
        {
            if (AnthropicWire.IsProperty(ref reader, "type"u8))
            {
                block.Type = AnthropicWire.ReadString(ref reader, "tool_use");
            }
            else if (AnthropicWire.IsProperty(ref reader, "id"u8))
            {
                block.Id = AnthropicWire.ReadString(ref reader);
            }
            else if (AnthropicWire.IsProperty(ref reader, "name"u8))
            {
                block.Name = AnthropicWire.ReadString(ref reader);
            }
            else
            {
                AnthropicWire.SkipProperty(ref reader);
            }
        }
        return block;
    }

    /// <summary>A <c>tool_use</c> block started: the call's first delta (none for the structured-output tool).</summary>
    public AIContent? Start(string? id, string? name)
    {
        if (string.IsNullOrEmpty(id) || string.IsNullOrEmpty(name))
        {
            throw new JsonException("a tool_use block without an id or a name");
        }
        _id = id;
        _name = name;
        _arguments.Clear();
        _isOutput = structuredOutput && name == AnthropicToolCalls.StructuredOutputTool;
        return _isOutput ? null : new ToolCallDelta(_count, id, name, "");
    }

    /// <summary>An <c>input_json_delta</c>: a fragment of the current call's arguments (text for the structured output).</summary>
    public AIContent? Fragment(string json)
    {
        if (_id is null || json.Length == 0)
        {
            return null;
        }
        if (_isOutput)
        {
            return new TextContent(json);
        }
        _arguments.Append(json);
        return new ToolCallDelta(_count, null, null, json);
    }

    /// <summary>A block stopped: the whole call when it was a tool call, else nothing.</summary>
    public AIContent? Stop()
    {
        if (_id is null)
        {
            return null;
        }
        var id = _id;
        _id = null;
        if (_isOutput)
        {
            return null;
        }
        _count++;
        return new FunctionCallContent(id, _name!, ToolCallArguments.Read(_arguments.ToString()));
    }
}
