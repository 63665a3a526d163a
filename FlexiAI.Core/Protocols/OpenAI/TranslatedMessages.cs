using System.Text.Json;
using Microsoft.Extensions.AI;

namespace FlexiAI.Protocols.OpenAI;

/// <summary>
/// OpenAI <c>messages</c> as Microsoft.Extensions.AI messages: system and developer as system; user text and images
/// (<c>image_url</c>: a <c>data:</c> URL as <see cref="DataContent"/>, an https URL as <see cref="UriContent"/>);
/// assistant text and <c>tool_calls</c> (<see cref="FunctionCallContent"/>, ids kept); <c>tool</c> messages as
/// <see cref="FunctionResultContent"/>. Anything else is an <see cref="InvalidRequestException"/> naming the field.
/// </summary>
internal static class TranslatedMessages
{
    public static List<ChatMessage> Read(JsonElement messages)
    {
        var list = new List<ChatMessage>(messages.GetArrayLength());
        var index = 0;
        foreach (var message in messages.EnumerateArray())
        {
            list.Add(ReadMessage(message, $"messages[{index++}]"));
        }
        return list;
    }

    private static ChatMessage ReadMessage(JsonElement message, string param)
    {
        var role = message.GetProperty("role").GetString();
        var content = message.TryGetProperty("content", out var c) ? c : default;
        switch (role)
        {
            case "system" or "developer":
                return new ChatMessage(ChatRole.System, Text(content, param));
            case "user":
                return new ChatMessage(ChatRole.User, UserContent(content, param));
            case "assistant":
                var parts = new List<AIContent>();
                if (Text(content, param) is { Length: > 0 } text)
                {
                    parts.Add(new TextContent(text));
                }
                if (message.TryGetProperty("tool_calls", out var calls) && calls.ValueKind == JsonValueKind.Array)
                {
                    var i = 0;
                    foreach (var call in calls.EnumerateArray())
                    {
                        parts.Add(ToolCall(call, $"{param}.tool_calls[{i++}]"));
                    }
                }
                return new ChatMessage(ChatRole.Assistant, parts);
            case "tool":
                var callId = message.TryGetProperty("tool_call_id", out var id) && id.ValueKind == JsonValueKind.String ? id.GetString() : null;
                if (string.IsNullOrEmpty(callId))
                {
                    throw InvalidRequestException.For($"{param}.tool_call_id", $"'{param}.tool_call_id' is required in a tool message.");
                }
                return new ChatMessage(ChatRole.Tool, [new FunctionResultContent(callId, Text(content, param) ?? "")]);
            default:
                throw InvalidRequestException.For($"{param}.role", $"messages with role '{role}' cannot be translated to another protocol; use tool messages.");
        }
    }

    /// <summary>A string, or the text of text (and refusal) parts; null when absent.</summary>
    private static string? Text(JsonElement content, string param)
    {
        if (content.ValueKind is JsonValueKind.Undefined or JsonValueKind.Null)
        {
            return null;
        }
        if (content.ValueKind == JsonValueKind.String)
        {
            return content.GetString();
        }
        var text = new System.Text.StringBuilder();
        var index = 0;
        foreach (var part in content.EnumerateArray())
        {
            var type = part.GetProperty("type").GetString();
            var field = type == "refusal" ? "refusal" : "text";
            if (type is not ("text" or "refusal") || !part.TryGetProperty(field, out var value) || value.ValueKind != JsonValueKind.String)
            {
                throw InvalidRequestException.For($"{param}.content[{index}].type",
                    $"content parts of type '{type}' cannot be translated to another protocol in this message (only text).");
            }
            text.Append(value.GetString());
            index++;
        }
        return text.ToString();
    }

    private static List<AIContent> UserContent(JsonElement content, string param)
    {
        if (content.ValueKind != JsonValueKind.Array)
        {
            return [new TextContent(Text(content, param) ?? "")];
        }
        var parts = new List<AIContent>();
        var index = 0;
        foreach (var part in content.EnumerateArray())
        {
            var partParam = $"{param}.content[{index++}]";
            switch (part.GetProperty("type").GetString())
            {
                case "text":
                    parts.Add(new TextContent(part.GetProperty("text").GetString()));
                    break;
                case "image_url":
                    parts.Add(Image(part, partParam));
                    break;
                case var type:
                    throw InvalidRequestException.For($"{partParam}.type",
                        $"content parts of type '{type}' cannot be translated to another protocol (text and image_url can).");
            }
        }
        return parts;
    }

    private static AIContent Image(JsonElement part, string param)
    {
        if (!part.TryGetProperty("image_url", out var image) || image.ValueKind != JsonValueKind.Object ||
            !image.TryGetProperty("url", out var urlValue) || urlValue.ValueKind != JsonValueKind.String)
        {
            throw InvalidRequestException.For($"{param}.image_url.url", $"'{param}.image_url.url' is required: a data: URL or an https URL.");
        }
        var url = urlValue.GetString()!;
        if (url.StartsWith("data:", StringComparison.OrdinalIgnoreCase))
        {
            DataContent data;
            try
            {
                data = new DataContent(url);
            }
            catch (Exception exception) when (exception is ArgumentException or FormatException or UriFormatException)
            {
                throw InvalidRequestException.For($"{param}.image_url.url", $"'{param}.image_url.url' is not a valid base64 data: URL.");
            }
            if (data.MediaType.ToLowerInvariant() is not ("image/jpeg" or "image/png" or "image/gif" or "image/webp"))
            {
                throw InvalidRequestException.For($"{param}.image_url.url",
                    $"images of type '{data.MediaType}' cannot be translated to another protocol (jpeg, png, gif and webp can).");
            }
            return data;
        }
        if (Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme == Uri.UriSchemeHttps)
        {
            return new UriContent(uri, "image/*");
        }
        throw InvalidRequestException.For($"{param}.image_url.url", $"'{param}.image_url.url' must be a data: URL or an https URL.");
    }

    private static FunctionCallContent ToolCall(JsonElement call, string param)
    {
        if (call.ValueKind != JsonValueKind.Object)
        {
            throw InvalidRequestException.For(param, $"'{param}' must be an object.");
        }
        var id = call.TryGetProperty("id", out var i) && i.ValueKind == JsonValueKind.String ? i.GetString() : null;
        if (string.IsNullOrEmpty(id))
        {
            throw InvalidRequestException.For($"{param}.id", $"'{param}.id' is required.");
        }
        if (call.TryGetProperty("type", out var type) && type.ValueKind != JsonValueKind.Null && type.GetString() != "function")
        {
            throw InvalidRequestException.For($"{param}.type", $"'{param}.type' must be 'function'.");
        }
        if (!call.TryGetProperty("function", out var function) || function.ValueKind != JsonValueKind.Object ||
            !function.TryGetProperty("name", out var name) || name.ValueKind != JsonValueKind.String || name.GetString() is not { Length: > 0 })
        {
            throw InvalidRequestException.For($"{param}.function.name", $"'{param}.function.name' is required.");
        }
        var arguments = function.TryGetProperty("arguments", out var a) && a.ValueKind == JsonValueKind.String ? a.GetString()! : null;
        if (arguments is null)
        {
            throw InvalidRequestException.For($"{param}.function.arguments", $"'{param}.function.arguments' must be a string of JSON.");
        }
        try
        {
            return new FunctionCallContent(id, name.GetString()!, ToolCallArguments.Read(arguments));
        }
        catch (JsonException)
        {
            throw InvalidRequestException.For($"{param}.function.arguments", $"'{param}.function.arguments' must be a JSON object.");
        }
    }
}
