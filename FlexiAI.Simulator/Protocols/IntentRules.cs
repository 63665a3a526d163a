using System.Text.Json;

namespace FlexiAI.Simulator.Protocols;

/// <summary>
/// The simulator's deterministic rules for tools and JSON output, the same in both protocols:
/// a forced tool (<c>tool_choice</c> naming one) is called; "required" / <c>any</c> calls the first tool; with
/// <c>auto</c> (or no choice) the first tool whose name occurs in the last user message is called, else the answer is
/// text; <c>none</c> answers text. After a tool result (the last message holds one) the answer is text that quotes it.
/// A JSON response format answers JSON text that satisfies its schema.
/// </summary>
internal static class IntentRules
{
    /// <param name="tools">(name, parameter schema) of each tool, in order.</param>
    /// <param name="forced">The tool a choice names; "*" for any; null for auto; "" for none.</param>
    /// <param name="lastUserText">The last user message's text.</param>
    /// <param name="afterToolResult">The last message holds a tool result.</param>
    public static SimulatedIntent Decide(IReadOnlyList<(string Name, string? Schema)> tools, string? forced, string lastUserText, bool afterToolResult)
    {
        if (tools.Count == 0 || afterToolResult || forced == "")
        {
            return SimulatedIntent.Text;
        }
        foreach (var (name, schema) in tools)
        {
            var chosen = forced is null ? lastUserText.Contains(name, StringComparison.OrdinalIgnoreCase)
                : forced == "*" || forced == name;
            if (chosen)
            {
                return new SimulatedIntent(name, schema, false);
            }
        }
        return SimulatedIntent.Text;
    }

    /// <summary>Reads a <c>tool_choice</c>: OpenAI's string or <c>{"type":"function","function":{"name"}}</c>, Anthropic's <c>{"type":"auto|any|none|tool","name"}</c>.</summary>
    public static string? Forced(JsonElement choice)
    {
        if (choice.ValueKind == JsonValueKind.String)
        {
            return choice.GetString() switch { "required" => "*", "none" => "", _ => null };
        }
        if (choice.ValueKind != JsonValueKind.Object || !choice.TryGetProperty("type", out var type))
        {
            return null;
        }
        return type.GetString() switch
        {
            "any" => "*",
            "none" => "",
            "tool" when choice.TryGetProperty("name", out var name) => name.GetString(),
            "function" when choice.TryGetProperty("function", out var f) && f.TryGetProperty("name", out var name) => name.GetString(),
            _ => null,
        };
    }

    /// <summary>Reads tools: OpenAI's <c>{"type":"function","function":{"name","parameters"}}</c> or Anthropic's <c>{"name","input_schema"}</c>.</summary>
    public static List<(string Name, string? Schema)> Tools(JsonElement tools)
    {
        var list = new List<(string, string?)>();
        if (tools.ValueKind != JsonValueKind.Array)
        {
            return list;
        }
        foreach (var tool in tools.EnumerateArray())
        {
            var definition = tool.TryGetProperty("function", out var function) ? function : tool;
            if (definition.ValueKind == JsonValueKind.Object && definition.TryGetProperty("name", out var name) && name.ValueKind == JsonValueKind.String)
            {
                var schema = definition.TryGetProperty("parameters", out var p) ? p : definition.TryGetProperty("input_schema", out var s) ? s : default;
                list.Add((name.GetString()!, schema.ValueKind == JsonValueKind.Object ? schema.GetRawText() : null));
            }
        }
        return list;
    }
}
