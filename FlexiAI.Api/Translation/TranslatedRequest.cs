using System.Text.Json;
using FlexiAI.Routing;
using Microsoft.Extensions.AI;

namespace FlexiAI.Api.Translation;

/// <summary>
/// An OpenAI Chat Completions request as Microsoft.Extensions.AI messages and options, for providers of another
/// protocol. Built once per request, only when a translated attempt is made. What the abstraction cannot carry is
/// refused with a 400 rather than silently dropped.
/// </summary>
internal sealed class TranslatedRequest
{
    private TranslatedRequest(List<ChatMessage> messages, ChatOptions options)
    {
        Messages = messages;
        Options = options;
    }

    public List<ChatMessage> Messages { get; }

    public ChatOptions Options { get; }

    public static TranslatedRequest Parse(ReadOnlyMemory<byte> body)
    {
        using var document = JsonDocument.Parse(body);
        var root = document.RootElement;
        var messages = new List<ChatMessage>();
        foreach (var message in root.GetProperty("messages").EnumerateArray())
        {
            messages.Add(ReadMessage(message));
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
                case "temperature": options.Temperature = value.GetSingle(); break;
                case "top_p": options.TopP = value.GetSingle(); break;
                case "max_tokens" or "max_completion_tokens": options.MaxOutputTokens = value.GetInt32(); break;
                case "frequency_penalty": options.FrequencyPenalty = value.GetSingle(); break;
                case "presence_penalty": options.PresencePenalty = value.GetSingle(); break;
                case "seed": options.Seed = value.GetInt64(); break;
                case "stop":
                    options.StopSequences = value.ValueKind == JsonValueKind.String
                        ? [value.GetString()!]
                        : [.. value.EnumerateArray().Select(s => s.GetString()!)];
                    break;
                case "tools" or "functions" or "tool_choice" or "response_format" or "n" when !IsTrivial(property):
                    throw ProviderException.Unsupported($"'{property.Name}' is not supported when the request is translated to another protocol");
            }
        }
        return new TranslatedRequest(messages, options);
    }

    private static bool IsTrivial(JsonProperty property) =>
        property.Name == "n" ? property.Value.ValueKind == JsonValueKind.Number && property.Value.GetInt32() == 1
        : property.Name == "response_format" && property.Value.TryGetProperty("type", out var type) && type.GetString() == "text";

    private static ChatMessage ReadMessage(JsonElement message)
    {
        var role = message.GetProperty("role").GetString() switch
        {
            "system" or "developer" => ChatRole.System,
            "assistant" => ChatRole.Assistant,
            "user" => ChatRole.User,
            var other => throw ProviderException.Unsupported($"messages with role '{other}' are not supported when the request is translated to another protocol"),
        };
        if (!message.TryGetProperty("content", out var content) || content.ValueKind == JsonValueKind.Null)
        {
            return new ChatMessage(role, "");
        }
        if (content.ValueKind == JsonValueKind.String)
        {
            return new ChatMessage(role, content.GetString());
        }

        var parts = new List<AIContent>();
        foreach (var part in content.EnumerateArray())
        {
            var type = part.TryGetProperty("type", out var t) ? t.GetString() : null;
            if (type != "text" || !part.TryGetProperty("text", out var text) || text.ValueKind != JsonValueKind.String)
            {
                throw ProviderException.Unsupported($"content parts of type '{type}' are not supported when the request is translated to another protocol");
            }
            parts.Add(new TextContent(text.GetString()));
        }
        return new ChatMessage(role, parts);
    }
}
