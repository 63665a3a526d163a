using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.AI;

namespace FlexiAI.Protocols.OpenAI;

/// <summary>
/// <c>tools</c>, <c>tool_choice</c>, <c>parallel_tool_calls</c> and <c>response_format</c> as
/// <see cref="ChatOptions"/>: function tools as <see cref="AIFunctionDeclaration"/>s (name, description, parameters as
/// the JSON schema; <c>strict</c> accepted, not sent), the choice as a <see cref="ChatToolMode"/>, a JSON response
/// format as <see cref="ChatResponseFormatJson"/> (with its schema).
/// </summary>
internal static partial class TranslatedTools
{
    public static void Read(JsonElement root, ChatOptions options)
    {
        if (root.TryGetProperty("tools", out var tools) && tools.ValueKind == JsonValueKind.Array)
        {
            var list = new List<AITool>();
            var index = 0;
            foreach (var tool in tools.EnumerateArray())
            {
                list.Add(Tool(tool, $"tools[{index++}]"));
            }
            if (list.Count > 0)
            {
                options.Tools = list;
            }
        }
        if (root.TryGetProperty("tool_choice", out var choice) && choice.ValueKind != JsonValueKind.Null)
        {
            options.ToolMode = ToolMode(choice, options.Tools);
        }
        if (root.TryGetProperty("parallel_tool_calls", out var parallel) && parallel.ValueKind == JsonValueKind.False)
        {
            options.AllowMultipleToolCalls = false;
        }
        if (root.TryGetProperty("response_format", out var format) && format.ValueKind == JsonValueKind.Object)
        {
            options.ResponseFormat = ResponseFormat(format);
            if (options.ResponseFormat is ChatResponseFormatJson && options.Tools is { Count: > 0 })
            {
                throw InvalidRequestException.For("response_format",
                    "A JSON 'response_format' together with 'tools' cannot be translated to another protocol (structured output is a forced tool there).");
            }
        }
    }

    private static AIFunctionDeclaration Tool(JsonElement tool, string param)
    {
        if (!tool.TryGetProperty("type", out var type) || type.ValueKind != JsonValueKind.String || type.GetString() != "function")
        {
            throw InvalidRequestException.For($"{param}.type", $"'{param}.type' must be 'function' (other tool types cannot be translated).");
        }
        if (!tool.TryGetProperty("function", out var function) || function.ValueKind != JsonValueKind.Object)
        {
            throw InvalidRequestException.For($"{param}.function", $"'{param}.function' is required.");
        }
        var name = function.TryGetProperty("name", out var n) && n.ValueKind == JsonValueKind.String ? n.GetString()! : null;
        if (name is null || !ToolName().IsMatch(name))
        {
            throw InvalidRequestException.For($"{param}.function.name", $"'{param}.function.name' must be 1-64 letters, digits, '_' or '-'.");
        }
        string? description = null;
        if (function.TryGetProperty("description", out var d) && d.ValueKind != JsonValueKind.Null)
        {
            description = d.ValueKind == JsonValueKind.String ? d.GetString()
                : throw InvalidRequestException.For($"{param}.function.description", $"'{param}.function.description' must be a string.");
        }
        var schema = function.TryGetProperty("parameters", out var p) && p.ValueKind != JsonValueKind.Null ? p : EmptyParameters;
        if (schema.ValueKind != JsonValueKind.Object)
        {
            throw InvalidRequestException.For($"{param}.function.parameters", $"'{param}.function.parameters' must be a JSON schema object.");
        }
        if (function.TryGetProperty("strict", out var strict) && strict.ValueKind is not (JsonValueKind.True or JsonValueKind.False or JsonValueKind.Null))
        {
            throw InvalidRequestException.For($"{param}.function.strict", $"'{param}.function.strict' must be a boolean.");
        }
        return AIFunctionFactory.CreateDeclaration(name, description, schema.Clone());
    }

    private static ChatToolMode ToolMode(JsonElement choice, IList<AITool>? tools)
    {
        if (choice.ValueKind == JsonValueKind.String)
        {
            return choice.GetString() switch
            {
                "auto" => ChatToolMode.Auto,
                "none" => ChatToolMode.None,
                "required" when tools is { Count: > 0 } => ChatToolMode.RequireAny,
                "required" => throw InvalidRequestException.For("tool_choice", "'tool_choice' 'required' needs 'tools'."),
                _ => throw InvalidRequestException.For("tool_choice", "'tool_choice' must be 'none', 'auto', 'required' or an object naming a function."),
            };
        }
        var name = choice.TryGetProperty("function", out var function) && function.ValueKind == JsonValueKind.Object &&
            function.TryGetProperty("name", out var n) && n.ValueKind == JsonValueKind.String ? n.GetString() : null;
        if (name is null)
        {
            throw InvalidRequestException.For("tool_choice", "'tool_choice' must name a function: {\"type\":\"function\",\"function\":{\"name\":...}}.");
        }
        if (tools is null || !tools.Any(t => t.Name == name))
        {
            throw InvalidRequestException.For("tool_choice", $"'tool_choice' names the function '{name}', which is not in 'tools'.");
        }
        return ChatToolMode.RequireSpecific(name);
    }

    private static ChatResponseFormatJson? ResponseFormat(JsonElement format)
    {
        var type = format.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
        switch (type)
        {
            case "text":
                return null;
            case "json_object":
                return ChatResponseFormat.Json;
            case "json_schema":
                if (!format.TryGetProperty("json_schema", out var spec) || spec.ValueKind != JsonValueKind.Object)
                {
                    throw InvalidRequestException.For("response_format.json_schema", "'response_format.json_schema' is required for type json_schema.");
                }
                var name = spec.TryGetProperty("name", out var n) && n.ValueKind == JsonValueKind.String ? n.GetString() : null;
                if (name is null || !ToolName().IsMatch(name))
                {
                    throw InvalidRequestException.For("response_format.json_schema.name", "'response_format.json_schema.name' must be 1-64 letters, digits, '_' or '-'.");
                }
                var schema = spec.TryGetProperty("schema", out var s) && s.ValueKind != JsonValueKind.Null ? s : default;
                if (schema.ValueKind is not (JsonValueKind.Object or JsonValueKind.Undefined))
                {
                    throw InvalidRequestException.For("response_format.json_schema.schema", "'response_format.json_schema.schema' must be a JSON schema object.");
                }
                var description = spec.TryGetProperty("description", out var d) && d.ValueKind == JsonValueKind.String ? d.GetString() : null;
                return schema.ValueKind == JsonValueKind.Object
                    ? ChatResponseFormat.ForJsonSchema(schema.Clone(), name, description)
                    : new ChatResponseFormatJson(null, name, description);
            default:
                throw InvalidRequestException.For("response_format.type", "'response_format.type' must be text, json_object or json_schema.");
        }
    }

    private static readonly JsonElement EmptyParameters = JsonDocument.Parse("""{"type":"object","properties":{}}""").RootElement.Clone();

    [GeneratedRegex("^[A-Za-z0-9_-]{1,64}$")]
    private static partial Regex ToolName();
}
