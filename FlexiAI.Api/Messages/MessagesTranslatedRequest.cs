using System.Text.Json;
using FlexiAI.Protocols;
using FlexiAI.Protocols.OpenAI;
using Microsoft.Extensions.AI;

namespace FlexiAI.Api.Messages;

/// <summary>
/// An Anthropic Messages request as Microsoft.Extensions.AI messages and options, for OpenAI-protocol providers: the
/// reverse of the Chat Completions to Messages mapping. <c>system</c> becomes a system message; text blocks text;
/// <c>image</c> blocks (base64 or URL source) images; <c>tool_use</c> blocks <see cref="FunctionCallContent"/> (ids
/// kept); <c>tool_result</c> blocks a tool message each (<see cref="FunctionResultContent"/>); <c>tools</c> function
/// declarations with <c>input_schema</c> as parameters; <c>tool_choice</c> <c>auto</c>/<c>any</c>/<c>tool</c>/<c>none</c>
/// the tool mode (<c>disable_parallel_tool_use</c>: one call at a time); <c>max_tokens</c>, <c>temperature</c>,
/// <c>top_p</c>, <c>top_k</c>, <c>stop_sequences</c> the options; <c>thinking</c> a reasoning effort by its budget.
/// Thinking blocks in the history are dropped (the other protocol cannot take them back); <c>document</c> blocks and
/// server tools cannot cross: 400. Built once per request, before routing, on routes with an OpenAI-protocol provider.
/// </summary>
internal sealed class MessagesTranslatedRequest
{
    private MessagesTranslatedRequest(List<ChatMessage> messages, ChatOptions options)
    {
        Messages = messages;
        Options = options;
    }

    public List<ChatMessage> Messages { get; }

    public ChatOptions Options { get; }

    public static MessagesTranslatedRequest? TryParse(ReadOnlyMemory<byte> body, out RequestError? error)
    {
        error = null;
        try
        {
            using var document = JsonDocument.Parse(body);
            return Parse(document.RootElement);
        }
        catch (InvalidRequestException exception)
        {
            error = exception.Error;
            return null;
        }
        catch (Exception exception) when (exception is JsonException or InvalidOperationException or FormatException)
        {
            error = new RequestError($"The request cannot be translated: {exception.Message}", null);
            return null;
        }
    }

    private static MessagesTranslatedRequest Parse(JsonElement root)
    {
        var messages = new List<ChatMessage>();
        if (root.TryGetProperty("system", out var system) && system.ValueKind != JsonValueKind.Null)
        {
            messages.Add(new ChatMessage(ChatRole.System, system.ValueKind == JsonValueKind.String
                ? system.GetString()
                : string.Join("\n\n", system.EnumerateArray().Select(b => b.GetProperty("text").GetString()))));
        }
        var index = 0;
        foreach (var message in root.GetProperty("messages").EnumerateArray())
        {
            ReadMessage(message, $"messages.{index++}", messages);
        }
        var options = new ChatOptions();
        foreach (var property in root.EnumerateObject())
        {
            var value = property.Value;
            if (value.ValueKind == JsonValueKind.Null)
            {
                continue;
            }
            switch (property.Name)
            {
                case "max_tokens": options.MaxOutputTokens = value.GetInt32(); break;
                case "temperature": options.Temperature = value.GetSingle(); break;
                case "top_p": options.TopP = value.GetSingle(); break;
                case "top_k": options.TopK = value.GetInt32(); break;
                case "stop_sequences": options.StopSequences = [.. value.EnumerateArray().Select(s => s.GetString()!)]; break;
                case "thinking": options.Reasoning = Reasoning(value); break;
                case "tools": options.Tools = [.. value.EnumerateArray().Select((t, i) => Tool(t, $"tools.{i}"))]; break;
                case "mcp_servers" or "container":
                    throw InvalidRequestException.For(property.Name, $"{property.Name}: cannot be translated to an OpenAI-protocol provider.");
            }
        }
        if (root.TryGetProperty("tool_choice", out var choice) && choice.ValueKind == JsonValueKind.Object)
        {
            ToolChoice(choice, options);
        }
        return new MessagesTranslatedRequest(messages, options);
    }

    private static void ReadMessage(JsonElement message, string param, List<ChatMessage> messages)
    {
        var role = message.GetProperty("role").GetString() == "assistant" ? ChatRole.Assistant : ChatRole.User;
        var content = message.GetProperty("content");
        if (content.ValueKind == JsonValueKind.String)
        {
            messages.Add(new ChatMessage(role, content.GetString()));
            return;
        }
        var parts = new List<AIContent>();
        var index = 0;
        foreach (var block in content.EnumerateArray())
        {
            var blockParam = $"{param}.content.{index++}";
            switch (block.GetProperty("type").GetString())
            {
                case "text":
                    parts.Add(new TextContent(block.GetProperty("text").GetString()));
                    break;
                case "image":
                    parts.Add(Image(block.GetProperty("source"), $"{blockParam}.source"));
                    break;
                case "tool_use":
                    parts.Add(new FunctionCallContent(block.GetProperty("id").GetString()!, block.GetProperty("name").GetString()!,
                        ToolCallArguments.Read(block.GetProperty("input").GetRawText())));
                    break;
                case "tool_result":
                    // A tool result is its own message in the other protocol, before the rest of the user's turn.
                    Flush(messages, role, parts);
                    messages.Add(new ChatMessage(ChatRole.Tool, [new FunctionResultContent(block.GetProperty("tool_use_id").GetString()!, ResultText(block))]));
                    break;
                case "thinking" or "redacted_thinking":
                    break;
                default:
                    throw InvalidRequestException.For($"{blockParam}.type", $"{blockParam}.type: '{block.GetProperty("type").GetString()}' blocks cannot be translated to an OpenAI-protocol provider.");
            }
        }
        Flush(messages, role, parts);
    }

    private static void Flush(List<ChatMessage> messages, ChatRole role, List<AIContent> parts)
    {
        if (parts.Count > 0)
        {
            messages.Add(new ChatMessage(role, [.. parts]));
            parts.Clear();
        }
    }

    private static string ResultText(JsonElement block)
    {
        if (!block.TryGetProperty("content", out var content) || content.ValueKind == JsonValueKind.Null)
        {
            return block.TryGetProperty("is_error", out var isError) && isError.ValueKind == JsonValueKind.True ? "error" : "";
        }
        return content.ValueKind == JsonValueKind.String
            ? content.GetString()!
            : string.Join("\n", content.EnumerateArray().Where(b => b.GetProperty("type").GetString() == "text").Select(b => b.GetProperty("text").GetString()));
    }

    private static AIContent Image(JsonElement source, string param)
    {
        var type = source.GetProperty("type").GetString();
        if (type == "base64" && source.TryGetProperty("data", out var data) && source.TryGetProperty("media_type", out var mediaType))
        {
            return new DataContent(Convert.FromBase64String(data.GetString()!), mediaType.GetString()!);
        }
        if (type == "url" && source.TryGetProperty("url", out var url) && Uri.TryCreate(url.GetString(), UriKind.Absolute, out var uri))
        {
            return new UriContent(uri, "image/*");
        }
        throw InvalidRequestException.For($"{param}.type", $"{param}: only base64 and url image sources can be translated to an OpenAI-protocol provider.");
    }

    private static AIFunctionDeclaration Tool(JsonElement tool, string param)
    {
        if (tool.TryGetProperty("type", out var type) && type.ValueKind == JsonValueKind.String && type.GetString() is not ("custom" or null))
        {
            throw InvalidRequestException.For($"{param}.type", $"{param}.type: server tools ('{type.GetString()}') cannot be translated to an OpenAI-protocol provider.");
        }
        var description = tool.TryGetProperty("description", out var d) && d.ValueKind == JsonValueKind.String ? d.GetString() : null;
        var schema = tool.TryGetProperty("input_schema", out var s) ? s.Clone() : JsonElement.Parse("""{"type":"object","properties":{}}""");
        return AIFunctionFactory.CreateDeclaration(tool.GetProperty("name").GetString()!, description, schema);
    }

    private static void ToolChoice(JsonElement choice, ChatOptions options)
    {
        options.ToolMode = choice.GetProperty("type").GetString() switch
        {
            "any" => ChatToolMode.RequireAny,
            "tool" => ChatToolMode.RequireSpecific(choice.GetProperty("name").GetString()!),
            "none" => ChatToolMode.None,
            _ => ChatToolMode.Auto,
        };
        if (choice.TryGetProperty("disable_parallel_tool_use", out var disable) && disable.ValueKind == JsonValueKind.True)
        {
            options.AllowMultipleToolCalls = false;
        }
    }

    private static ReasoningOptions? Reasoning(JsonElement thinking)
    {
        if (!thinking.TryGetProperty("type", out var type) || type.GetString() != "enabled")
        {
            return null;
        }
        var budget = thinking.TryGetProperty("budget_tokens", out var b) && b.TryGetInt32(out var value) ? value : 1024;
        return new ReasoningOptions { Effort = budget <= 1024 ? ReasoningEffort.Low : budget <= 4096 ? ReasoningEffort.Medium : ReasoningEffort.High };
    }
}
