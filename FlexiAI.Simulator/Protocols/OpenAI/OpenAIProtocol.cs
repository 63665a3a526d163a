using System.Text.Json;
using FlexiAI.Simulator.Faults;
using FlexiAI.Simulator.Json;
using FlexiAI.Simulator.Providers;

namespace FlexiAI.Simulator.Protocols.OpenAI;

/// <summary>The OpenAI chat-completions protocol (<c>POST /v1/chat/completions</c>); the other OpenAI APIs derive from it (same errors, headers, models).</summary>
internal class OpenAIProtocol : ProviderProtocol
{
    public const string SystemFingerprint = "fp_flexiai_sim";

    private static readonly ReadOnlyMemory<byte> Done = "data: [DONE]\n\n"u8.ToArray();

    public override ProviderProtocolKind Kind => ProviderProtocolKind.OpenAI;

    public override string IdPrefix => "chatcmpl-";

    public override async ValueTask<ParseResult> ParseAsync(Stream body, CancellationToken cancellationToken)
    {
        var request = await JsonSerializer.DeserializeAsync(body, SimulatorJson.Context.OpenAIChatRequest, cancellationToken);
        if (request is null)
        {
            return ParseResult.Invalid("The request body must be a JSON object.");
        }

        if (request.Messages is not { Count: > 0 } messages)
        {
            return ParseResult.Invalid("Missing required parameter: 'messages'.");
        }

        if (request.MaxCompletionTokens < 1)
        {
            return ParseResult.Invalid($"Invalid 'max_completion_tokens': must be at least 1, got {request.MaxCompletionTokens}.");
        }

        if (request.MaxTokens < 1)
        {
            return ParseResult.Invalid($"Invalid 'max_tokens': must be at least 1, got {request.MaxTokens}.");
        }

        long characters = 0;
        var lastUser = "";
        var afterToolResult = false;
        for (var i = 0; i < messages.Count; i++)
        {
            if (messages[i] is not { } message)
            {
                return ParseResult.Invalid($"Invalid 'messages[{i}]': expected an object, got null.");
            }

            var text = MessageText.Extract(message.Content);
            characters += text.Length;
            if (message.Role == "user")
            {
                lastUser = text;
            }
            else if (message.Role == "tool")
            {
                lastUser = "tool result: " + text;
            }

            afterToolResult = message.Role == "tool";
        }

        return ParseResult.Valid(new ChatRequestSummary(
            string.IsNullOrEmpty(request.Model) ? null : request.Model,
            request.Stream == true,
            request.StreamOptions?.IncludeUsage == true,
            request.MaxCompletionTokens ?? request.MaxTokens,
            MessageText.EstimateTokens(characters, messages.Count),
            lastUser,
            JsonOutput(request.ResponseFormat) ??
            IntentRules.Decide(IntentRules.Tools(request.Tools), IntentRules.Forced(request.ToolChoice), lastUser, afterToolResult),
            AssistantPrefix: messages[^1] is { Role: "assistant" } last ? MessageText.Extract(last.Content) : null));
    }

    /// <summary>What OpenAI sends with every answer (values fixed but plausible); the cookie is Cloudflare's, as on api.openai.com.</summary>
    public override void WriteProviderHeaders(HttpResponse response, long call)
    {
        var headers = response.Headers;
        headers["x-request-id"] = "req_sim" + call.ToString("x25", System.Globalization.CultureInfo.InvariantCulture);
        headers["openai-processing-ms"] = "1";
        headers["openai-version"] = "2020-10-01";
        headers["x-ratelimit-limit-requests"] = "10000";
        headers["x-ratelimit-remaining-requests"] = "9999";
        headers["x-ratelimit-reset-requests"] = "6ms";
        headers["x-ratelimit-limit-tokens"] = "10000000";
        headers["x-ratelimit-remaining-tokens"] = "9999990";
        headers["x-ratelimit-reset-tokens"] = "0s";
        headers.SetCookie = "__cf_bm=simulated; path=/; domain=.api.openai.com; HttpOnly; Secure; SameSite=None";
    }

    public override IResult Error(int status, string message)
    {
        var type = status switch
        {
            StatusCodes.Status429TooManyRequests => "requests",
            >= 500 => "server_error",
            _ => "invalid_request_error",
        };
        return TypedResults.Json(
            new OpenAIErrorResponse(new OpenAIError(message, type, null, null)),
            SimulatorJson.Context.OpenAIErrorResponse,
            statusCode: status);
    }

    public override IResult Rejection(FaultMode mode, string model, int promptTokens)
    {
        var error = mode switch
        {
            FaultMode.Auth => new OpenAIError(
                "Incorrect API key provided: sk-simu**********. You can find your API key at https://platform.openai.com/account/api-keys.",
                "invalid_request_error", null, "invalid_api_key"),
            FaultMode.Permission => new OpenAIError("Country, region, or territory not supported", "request_forbidden", null,
                "unsupported_country_region_territory"),
            FaultMode.NotFound => new OpenAIError($"The model `{model}` does not exist or you do not have access to it.",
                "invalid_request_error", null, "model_not_found"),
            FaultMode.ContextLength => new OpenAIError(
                $"This model's maximum context length is {SimulatedContextWindow} tokens. However, your messages resulted in {Math.Max(promptTokens, SimulatedContextWindow + 1)} tokens. Please reduce the length of the messages.",
                "invalid_request_error", "messages", "context_length_exceeded"),
            FaultMode.RequestTooLarge => new OpenAIError("Request too large. Please reduce the size of the request.",
                "invalid_request_error", null, "request_too_large"),
            FaultMode.ContentFilter => new OpenAIError(
                "The response was filtered due to the prompt triggering Azure OpenAI's content management policy. Please modify your prompt and retry.",
                null, "prompt", "content_filter"),
            _ => throw new ArgumentOutOfRangeException(nameof(mode), mode, "Not a rejection fault."),
        };
        return TypedResults.Json(new OpenAIErrorResponse(error), SimulatorJson.Context.OpenAIErrorResponse,
            statusCode: ProviderRejections.Status(mode));
    }

    public override IResult RateLimited(string message) => TypedResults.Json(
        new OpenAIErrorResponse(new OpenAIError(message, "requests", null, "rate_limit_exceeded")),
        SimulatorJson.Context.OpenAIErrorResponse,
        statusCode: StatusCodes.Status429TooManyRequests);

    public override byte[] Completion(Answer answer) => SimulatorJson.SerializeToUtf8Bytes(
        new OpenAIChatCompletion(
            answer.Id,
            "chat.completion",
            answer.Created,
            answer.Model,
            SystemFingerprint,
            [new OpenAIChoice(0, answer.ToolName is { } tool
                ? new OpenAIResponseMessage("assistant", null, null, [], [new OpenAIToolCall(null, answer.ToolCallId, "function", new OpenAIFunctionCall(tool, answer.ToolArguments))])
                : new OpenAIResponseMessage("assistant", answer.Text, null, []), null, FinishReason(answer))],
            Usage(answer),
            "default",
            new SimulatorInfo(answer.Provider, answer.Call)),
        SimulatorJson.Context.OpenAIChatCompletion);

    public override async Task StreamAsync(SseWriter sse, Answer answer, bool includeUsage, CancellationToken cancellationToken)
    {
        var typeInfo = SimulatorJson.Context.OpenAIChatCompletionChunk;
        await sse.WriteAsync(null, Chunk(answer, new OpenAIDelta("assistant", ""), null), typeInfo, cancellationToken);
        if (answer.ToolName is { } tool)
        {
            var start = new OpenAIToolCall(0, answer.ToolCallId, "function", new OpenAIFunctionCall(tool, ""));
            await sse.WriteAsync(null, Chunk(answer, new OpenAIDelta(null, null, [start]), null), typeInfo, cancellationToken);
        }

        for (var i = 0; i < answer.Words.Count; i++)
        {
            var delta = answer.ToolName is null
                ? new OpenAIDelta(null, answer.Chunk(i))
                : new OpenAIDelta(null, null, [new OpenAIToolCall(0, null, null, new OpenAIFunctionCall(null, answer.Words[i]))]);
            await sse.WriteAsync(null, Chunk(answer, delta, null), typeInfo, cancellationToken);
        }

        await sse.WriteAsync(null, Chunk(answer, new OpenAIDelta(null, null), FinishReason(answer)), typeInfo, cancellationToken);
        if (includeUsage)
        {
            var usageChunk = new OpenAIChatCompletionChunk(
                answer.Id, "chat.completion.chunk", answer.Created, answer.Model, SystemFingerprint, [], Usage(answer));
            await sse.WriteAsync(null, usageChunk, typeInfo, cancellationToken);
        }

        await sse.WriteRawAsync(Done, cancellationToken, terminal: true);
    }

    public override IResult Models(SimulatedProvider provider, DateTimeOffset now) => TypedResults.Json(
        new OpenAIModelList("list", [new OpenAIModel(provider.Model, "model", now.ToUnixTimeSeconds(), "flexiai-simulator")]),
        SimulatorJson.Context.OpenAIModelList);

    private static string FinishReason(Answer answer) => answer.ToolName is not null ? "tool_calls" : answer.Truncated ? "length" : "stop";

    /// <summary><c>response_format</c> json_schema (its schema) or json_object (any object): JSON output; else null.</summary>
    private static SimulatedIntent? JsonOutput(JsonElement format)
    {
        if (format.ValueKind != JsonValueKind.Object || !format.TryGetProperty("type", out var type))
        {
            return null;
        }
        if (type.ValueEquals("json_object"))
        {
            return new SimulatedIntent(null, null, true);
        }
        if (type.ValueEquals("json_schema") && format.TryGetProperty("json_schema", out var spec) && spec.ValueKind == JsonValueKind.Object)
        {
            return new SimulatedIntent(null, spec.TryGetProperty("schema", out var schema) && schema.ValueKind == JsonValueKind.Object ? schema.GetRawText() : null, true);
        }
        return null;
    }

    private static OpenAIChatCompletionChunk Chunk(Answer answer, OpenAIDelta delta, string? finishReason) => new(
        answer.Id,
        "chat.completion.chunk",
        answer.Created,
        answer.Model,
        SystemFingerprint,
        [new OpenAIChunkChoice(0, delta, null, finishReason)],
        null);

    private static OpenAIUsage Usage(Answer answer) => new(
        answer.PromptTokens,
        answer.CompletionTokens,
        answer.PromptTokens + answer.CompletionTokens,
        new OpenAIPromptTokensDetails(0, 0),
        new OpenAICompletionTokensDetails(0, 0, 0, 0));
}
