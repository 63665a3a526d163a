using System.Text.Json.Nodes;

namespace FlexiAI.Web.Gateway;

/// <summary>
/// A chat as a streamed Anthropic Messages request (<c>POST /v1/messages</c>): system messages become <c>system</c>,
/// <c>max_tokens</c> (required by the API) defaults to <see cref="DefaultMaxTokens"/>, temperature is capped at 1
/// (the Messages API's range).
/// </summary>
public static class MessagesRequestBody
{
    public const int DefaultMaxTokens = 1024;

    public static string Json(ChatCompletionRequest chat)
    {
        ArgumentNullException.ThrowIfNull(chat);
        var messages = new JsonArray();
        foreach (var message in chat.Messages.Where(m => m.Role != "system"))
        {
            messages.Add(new JsonObject { ["role"] = message.Role, ["content"] = message.Content });
        }
        var body = new JsonObject
        {
            ["model"] = chat.Model,
            ["max_tokens"] = chat.MaxTokens ?? DefaultMaxTokens,
            ["stream"] = true,
            ["messages"] = messages,
        };
        var system = string.Join("\n\n", chat.Messages.Where(m => m.Role == "system").Select(m => m.Content));
        if (system.Length > 0)
        {
            body["system"] = system;
        }
        if (chat.Temperature is { } temperature)
        {
            body["temperature"] = Math.Min(temperature, 1);
        }
        return body.ToJsonString();
    }
}
