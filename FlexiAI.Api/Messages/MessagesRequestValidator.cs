using System.Text.Json;
using FlexiAI.Options;
using FlexiAI.Protocols.OpenAI;

namespace FlexiAI.Api.Messages;

/// <summary>
/// The checks of a Messages request's documented fields (Anthropic's API reference, "Create a Message"): the first
/// field that is wrong is the error, named as Anthropic names it (<c>messages.0.content</c>).
/// </summary>
internal static class MessagesRequestValidator
{
    private static readonly string[] BlockTypes = ["text", "image", "document", "tool_use", "tool_result", "thinking", "redacted_thinking"];

    public static RequestError? Validate(JsonElement root, LimitsOptions limits, bool countTokens)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            return new RequestError("The request body must be a JSON object.", null);
        }
        if (root.TryGetProperty("model", out var model) && (model.ValueKind != JsonValueKind.String || model.GetString()!.Length is 0 or > 256))
        {
            return new RequestError("model: must be a string of 1 to 256 characters.", "model");
        }
        if (!countTokens && Integer(root, "max_tokens", 1, limits.MaxOutputTokens, required: true) is { } maxTokens)
        {
            return maxTokens;
        }
        return Messages(root, limits)
            ?? System(root)
            ?? Boolean(root, "stream")
            ?? Number(root, "temperature", 0, 1)
            ?? Number(root, "top_p", 0, 1)
            ?? Integer(root, "top_k", 0, int.MaxValue, required: false)
            ?? StopSequences(root)
            ?? Tools(root)
            ?? ToolChoice(root)
            ?? ObjectOrNull(root, "metadata")
            ?? ObjectOrNull(root, "thinking");
    }

    private static RequestError? Messages(JsonElement root, LimitsOptions limits)
    {
        if (!root.TryGetProperty("messages", out var messages) || messages.ValueKind != JsonValueKind.Array || messages.GetArrayLength() == 0)
        {
            return new RequestError("messages: Field required (a non-empty array).", "messages");
        }
        if (messages.GetArrayLength() > limits.MaxMessages)
        {
            return new RequestError($"messages: at most {limits.MaxMessages} messages (Limits:MaxMessages).", "messages");
        }
        var index = 0;
        foreach (var message in messages.EnumerateArray())
        {
            var param = $"messages.{index++}";
            if (message.ValueKind != JsonValueKind.Object)
            {
                return new RequestError($"{param}: Input should be a valid dictionary.", param);
            }
            if (!message.TryGetProperty("role", out var role) || role.ValueKind != JsonValueKind.String || role.GetString() is not ("user" or "assistant"))
            {
                return new RequestError($"{param}.role: Input should be 'user' or 'assistant'.", $"{param}.role");
            }
            if (!message.TryGetProperty("content", out var content))
            {
                return new RequestError($"{param}.content: Field required.", $"{param}.content");
            }
            if (Content(content, $"{param}.content", limits) is { } error)
            {
                return error;
            }
        }
        return null;
    }

    private static RequestError? System(JsonElement root)
    {
        if (!root.TryGetProperty("system", out var system) || system.ValueKind is JsonValueKind.Null or JsonValueKind.String)
        {
            return null;
        }
        if (system.ValueKind != JsonValueKind.Array)
        {
            return new RequestError("system: must be a string or an array of text blocks.", "system");
        }
        var index = 0;
        foreach (var block in system.EnumerateArray())
        {
            var param = $"system.{index++}";
            if (block.ValueKind != JsonValueKind.Object || !block.TryGetProperty("type", out var type) || type.ValueKind != JsonValueKind.String ||
                type.GetString() != "text" || !block.TryGetProperty("text", out var text) || text.ValueKind != JsonValueKind.String)
            {
                return new RequestError($"{param}: must be a text block ({{\"type\":\"text\",\"text\":...}}).", param);
            }
        }
        return null;
    }

    private static RequestError? Content(JsonElement content, string param, LimitsOptions limits)
    {
        if (content.ValueKind == JsonValueKind.String)
        {
            return content.GetString()!.Length > limits.MaxContentCharacters
                ? new RequestError($"{param}: at most {limits.MaxContentCharacters} characters (Limits:MaxContentCharacters).", param)
                : null;
        }
        if (content.ValueKind != JsonValueKind.Array)
        {
            return new RequestError($"{param}: must be a string or an array of content blocks.", param);
        }
        var index = 0;
        foreach (var block in content.EnumerateArray())
        {
            var blockParam = $"{param}.{index++}";
            if (block.ValueKind != JsonValueKind.Object || !block.TryGetProperty("type", out var type) || type.ValueKind != JsonValueKind.String)
            {
                return new RequestError($"{blockParam}.type: Field required (a content block is an object with a 'type').", $"{blockParam}.type");
            }
            var kind = type.GetString()!;
            if (Array.IndexOf(BlockTypes, kind) < 0)
            {
                return new RequestError($"{blockParam}.type: unknown content block type '{kind}'.", $"{blockParam}.type");
            }
            if (Block(block, kind, blockParam, limits) is { } error)
            {
                return error;
            }
        }
        return null;
    }

    private static RequestError? Block(JsonElement block, string kind, string param, LimitsOptions limits) => kind switch
    {
        "text" => RequiredString(block, "text", param),
        "image" or "document" => block.TryGetProperty("source", out var source) && source.ValueKind == JsonValueKind.Object &&
            source.TryGetProperty("type", out var sourceType) && sourceType.ValueKind == JsonValueKind.String
                ? null
                : new RequestError($"{param}.source: Field required (an object with a 'type').", $"{param}.source"),
        "tool_use" => RequiredString(block, "id", param) ?? RequiredString(block, "name", param) ??
            (block.TryGetProperty("input", out var input) && input.ValueKind == JsonValueKind.Object
                ? null
                : new RequestError($"{param}.input: Field required (an object).", $"{param}.input")),
        "tool_result" => RequiredString(block, "tool_use_id", param) ??
            (!block.TryGetProperty("content", out var result) || result.ValueKind == JsonValueKind.Null ? null : Content(result, $"{param}.content", limits)),
        _ => null,
    };

    private static RequestError? RequiredString(JsonElement element, string name, string param) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? null
            : new RequestError($"{param}.{name}: Field required (a string).", $"{param}.{name}");

    private static RequestError? Tools(JsonElement root)
    {
        if (!root.TryGetProperty("tools", out var tools) || tools.ValueKind == JsonValueKind.Null)
        {
            return null;
        }
        if (tools.ValueKind != JsonValueKind.Array)
        {
            return new RequestError("tools: must be an array.", "tools");
        }
        var index = 0;
        foreach (var tool in tools.EnumerateArray())
        {
            var param = $"tools.{index++}";
            if (tool.ValueKind != JsonValueKind.Object)
            {
                return new RequestError($"{param}: Input should be a valid dictionary.", param);
            }
            if (RequiredString(tool, "name", param) is { } error)
            {
                return error;
            }
            if (tool.TryGetProperty("input_schema", out var schema) && schema.ValueKind != JsonValueKind.Object)
            {
                return new RequestError($"{param}.input_schema: must be a JSON schema object.", $"{param}.input_schema");
            }
        }
        return null;
    }

    private static RequestError? ToolChoice(JsonElement root)
    {
        if (!root.TryGetProperty("tool_choice", out var choice) || choice.ValueKind == JsonValueKind.Null)
        {
            return null;
        }
        if (choice.ValueKind != JsonValueKind.Object || !choice.TryGetProperty("type", out var type) || type.ValueKind != JsonValueKind.String ||
            type.GetString() is not ("auto" or "any" or "tool" or "none"))
        {
            return new RequestError("tool_choice.type: must be 'auto', 'any', 'tool' or 'none'.", "tool_choice.type");
        }
        return type.GetString() == "tool" ? RequiredString(choice, "name", "tool_choice") : null;
    }

    private static RequestError? StopSequences(JsonElement root)
    {
        if (!root.TryGetProperty("stop_sequences", out var stop) || stop.ValueKind == JsonValueKind.Null)
        {
            return null;
        }
        return stop.ValueKind == JsonValueKind.Array && stop.EnumerateArray().All(s => s.ValueKind == JsonValueKind.String)
            ? null
            : new RequestError("stop_sequences: must be an array of strings.", "stop_sequences");
    }

    private static RequestError? Boolean(JsonElement root, string name) =>
        !root.TryGetProperty(name, out var value) || value.ValueKind is JsonValueKind.True or JsonValueKind.False or JsonValueKind.Null
            ? null
            : new RequestError($"{name}: must be a boolean.", name);

    private static RequestError? ObjectOrNull(JsonElement root, string name) =>
        !root.TryGetProperty(name, out var value) || value.ValueKind is JsonValueKind.Object or JsonValueKind.Null
            ? null
            : new RequestError($"{name}: must be an object.", name);

    private static RequestError? Number(JsonElement root, string name, double min, double max)
    {
        if (!root.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }
        return value.ValueKind == JsonValueKind.Number && value.TryGetDouble(out var number) && number >= min && number <= max
            ? null
            : new RequestError($"{name}: must be a number between {min} and {max}.", name);
    }

    private static RequestError? Integer(JsonElement root, string name, long min, long max, bool required)
    {
        if (!root.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return required ? new RequestError($"{name}: Field required.", name) : null;
        }
        return value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var number) && number >= min && number <= max
            ? null
            : new RequestError($"{name}: must be an integer between {min} and {max}.", name);
    }
}
