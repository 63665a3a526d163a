using System.Text.Json;
using Microsoft.Extensions.AI;

namespace FlexiAI.Protocols.OpenAI;

/// <summary>
/// An OpenAI Chat Completions request as Microsoft.Extensions.AI messages and options, for providers of another
/// protocol. Built once per request, before the first attempt, on routes with such a provider: anything wrong with the
/// request, or that cannot cross protocols, is a 400 naming the field, and no provider is called. The README's table
/// "What crosses protocols" lists every field and what it becomes.
/// </summary>
public sealed class TranslatedRequest
{
    /// <summary>OpenAI's temperature runs 0-2, Anthropic's 0-1: values above 1 are sent as 1.</summary>
    public const float MaxTranslatedTemperature = 1f;

    private TranslatedRequest(List<ChatMessage> messages, ChatOptions options)
    {
        Messages = messages;
        Options = options;
    }

    public List<ChatMessage> Messages { get; }

    public ChatOptions Options { get; }

    /// <summary>Translates a request <see cref="ChatRequestInfo"/> has accepted; on failure null and the error.</summary>
    public static TranslatedRequest? TryParse(ReadOnlyMemory<byte> body, out RequestError? error)
    {
        error = null;
        try
        {
            return Parse(body);
        }
        catch (InvalidRequestException exception)
        {
            error = exception.Error;
            return null;
        }
        catch (Exception exception) when (exception is JsonException or InvalidOperationException or FormatException)
        {
            // A value of the wrong kind that the forward pass does not look into (a tool's name given as a number).
            error = new RequestError($"The request cannot be translated: {exception.Message}", null);
            return null;
        }
    }

    /// <exception cref="InvalidRequestException">The request is wrong or cannot cross protocols.</exception>
    public static TranslatedRequest Parse(ReadOnlyMemory<byte> body)
    {
        using var document = JsonDocument.Parse(body);
        var root = document.RootElement;
        var messages = TranslatedMessages.Read(root.GetProperty("messages"));
        var options = new ChatOptions();
        foreach (var property in root.EnumerateObject())
        {
            var value = property.Value;
            if (value.ValueKind == JsonValueKind.Null)
            {
                continue;
            }
            var name = property.Name;
            switch (name)
            {
                case "temperature": options.Temperature = Math.Min(value.GetSingle(), MaxTranslatedTemperature); break;
                case "top_p": options.TopP = value.GetSingle(); break;
                case "max_tokens" or "max_completion_tokens": options.MaxOutputTokens = value.GetInt32(); break;
                case "frequency_penalty": options.FrequencyPenalty = value.GetSingle(); break;
                case "presence_penalty": options.PresencePenalty = value.GetSingle(); break;
                case "seed": options.Seed = value.GetInt64(); break;
                case "user": (options.AdditionalProperties ??= [])[Protocols.Anthropic.AnthropicRequestWriter.UserProperty] = value.GetString(); break;
                case "stop":
                    options.StopSequences = value.ValueKind == JsonValueKind.String ? [value.GetString()!] : [.. value.EnumerateArray().Select(s => s.GetString()!)];
                    break;
                case "n" when value.GetInt32() > 1:
                    throw InvalidRequestException.For(name, "'n' greater than 1 cannot be translated to another protocol (it answers one choice).");
                case "logprobs" when value.GetBoolean():
                case "top_logprobs" when value.GetInt32() > 0:
                    throw InvalidRequestException.For(name, $"'{name}' cannot be translated to another protocol (it returns no log probabilities).");
                case "reasoning_effort": options.Reasoning = Reasoning(value); break;
                case "functions" or "function_call" or "audio" or "modalities" or "prediction" or "web_search_options":
                    throw InvalidRequestException.For(name, $"'{name}' cannot be translated to another protocol.");
            }
        }
        TranslatedTools.Read(root, options);
        CheckReasoning(options);
        return new TranslatedRequest(messages, options);
    }

    private static ReasoningOptions? Reasoning(JsonElement value) => value.GetString() switch
    {
        "none" or "minimal" => null,
        "low" => new ReasoningOptions { Effort = ReasoningEffort.Low },
        "medium" => new ReasoningOptions { Effort = ReasoningEffort.Medium },
        "high" => new ReasoningOptions { Effort = ReasoningEffort.High },
        _ => throw InvalidRequestException.For("reasoning_effort", "'reasoning_effort' must be one of none, minimal, low, medium, high."),
    };

    /// <summary>Extended thinking takes no temperature, no forced tool, and more output tokens than its budget.</summary>
    private static void CheckReasoning(ChatOptions options)
    {
        if (Protocols.Anthropic.AnthropicThinking.Budget(options.Reasoning) is not { } budget)
        {
            return;
        }
        if (options.Temperature is not null)
        {
            throw InvalidRequestException.For("temperature", "'temperature' cannot be combined with 'reasoning_effort' when translated (thinking needs the default temperature).");
        }
        if (options.ToolMode is RequiredChatToolMode || options.ResponseFormat is ChatResponseFormatJson)
        {
            throw InvalidRequestException.For("reasoning_effort", "'reasoning_effort' cannot be combined with a forced tool or a JSON response format when translated.");
        }
        if (options.MaxOutputTokens is { } max && max <= budget)
        {
            throw InvalidRequestException.For("max_tokens", $"'max_tokens' must be above the thinking budget of this reasoning effort ({budget}) when translated.");
        }
    }
}
