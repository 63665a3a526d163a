using System.Text.Json;
using FlexiAI.Simulator.Faults;
using FlexiAI.Simulator.Json;
using FlexiAI.Simulator.Providers;

namespace FlexiAI.Simulator.Protocols.Anthropic;

/// <summary>The Anthropic messages protocol (<c>POST /v1/messages</c>).</summary>
internal sealed class AnthropicProtocol : ProviderProtocol
{
    public override ProviderProtocolKind Kind => ProviderProtocolKind.Anthropic;

    public override string IdPrefix => "msg_";

    /// <summary>Message and tool-use ids from the request: Anthropic's answers carry no call number or time.</summary>
    public override bool IdsFromRequest => true;

    public override async ValueTask<ParseResult> ParseAsync(Stream body, CancellationToken cancellationToken)
    {
        var request = await JsonSerializer.DeserializeAsync(body, SimulatorJson.Context.AnthropicMessagesRequest, cancellationToken);
        if (request is null)
        {
            return ParseResult.Invalid("The request body must be a JSON object.");
        }

        if (request.MaxTokens is not { } maxTokens)
        {
            return ParseResult.Invalid("max_tokens: Field required");
        }

        if (maxTokens < 1)
        {
            return ParseResult.Invalid($"max_tokens: must be at least 1, got {maxTokens}");
        }

        if (request.Messages is null)
        {
            return ParseResult.Invalid("messages: Field required");
        }

        if (request.Messages.Count == 0)
        {
            return ParseResult.Invalid("messages: at least one message is required");
        }

        var system = MessageText.Extract(request.System);
        long characters = system.Length;
        var count = system.Length > 0 ? 1 : 0;
        var lastUser = "";
        var afterToolResult = false;
        for (var i = 0; i < request.Messages.Count; i++)
        {
            if (request.Messages[i] is not { } message)
            {
                return ParseResult.Invalid($"messages.{i}: Input should be a valid dictionary");
            }

            var text = MessageText.Extract(message.Content);
            characters += text.Length;
            count++;
            if (message.Role == "user")
            {
                lastUser = text;
            }

            afterToolResult = message.Role == "user" && text.StartsWith("tool result:", StringComparison.Ordinal);
        }

        if (request.Messages[^1] is { Role: "assistant" } prefill && MessageText.Extract(prefill.Content) is { Length: > 0 } prefix &&
            char.IsWhiteSpace(prefix[^1]))
        {
            // As Anthropic answers a prefill that ends in whitespace.
            return ParseResult.Invalid("messages: final assistant content cannot end with trailing whitespace");
        }

        return ParseResult.Valid(new ChatRequestSummary(
            string.IsNullOrEmpty(request.Model) ? null : request.Model,
            request.Stream == true,
            IncludeUsage: true,
            maxTokens,
            MessageText.EstimateTokens(characters, count),
            lastUser,
            IntentRules.Decide(IntentRules.Tools(request.Tools), IntentRules.Forced(request.ToolChoice), lastUser, afterToolResult),
            AssistantPrefix: request.Messages[^1] is { Role: "assistant" } last ? MessageText.Extract(last.Content) : null));
    }

    /// <summary>What Anthropic sends with every answer (values fixed but plausible).</summary>
    public override void WriteProviderHeaders(HttpResponse response, long call)
    {
        var headers = response.Headers;
        headers["request-id"] = "req_sim" + call.ToString("x22", System.Globalization.CultureInfo.InvariantCulture);
        headers["anthropic-ratelimit-requests-limit"] = "4000";
        headers["anthropic-ratelimit-requests-remaining"] = "3999";
        headers["anthropic-ratelimit-requests-reset"] = "2026-01-01T00:00:00Z";
    }

    public override IResult Error(int status, string message)
    {
        var type = status switch
        {
            StatusCodes.Status401Unauthorized => "authentication_error",
            StatusCodes.Status402PaymentRequired => "billing_error",
            StatusCodes.Status403Forbidden => "permission_error",
            StatusCodes.Status404NotFound => "not_found_error",
            StatusCodes.Status413PayloadTooLarge => "request_too_large",
            StatusCodes.Status429TooManyRequests => "rate_limit_error",
            StatusCodes.Status504GatewayTimeout => "timeout_error",
            529 => "overloaded_error",
            >= 500 => "api_error",
            _ => "invalid_request_error",
        };
        return TypedResults.Json(
            new AnthropicErrorResponse("error", new AnthropicError(type, message)),
            SimulatorJson.Context.AnthropicErrorResponse,
            statusCode: status);
    }

    public override IResult Rejection(FaultMode mode, string model, int promptTokens)
    {
        var error = mode switch
        {
            FaultMode.Auth => new AnthropicError("authentication_error", "invalid x-api-key"),
            FaultMode.Permission => new AnthropicError("permission_error", "Your API key does not have permission to use the specified resource."),
            FaultMode.NotFound => new AnthropicError("not_found_error", $"model: {model}"),
            FaultMode.ContextLength => new AnthropicError("invalid_request_error",
                $"prompt is too long: {Math.Max(promptTokens, SimulatedContextWindow + 1)} tokens > {SimulatedContextWindow} maximum"),
            FaultMode.RequestTooLarge => new AnthropicError("request_too_large", "Request exceeds the maximum allowed number of bytes."),
            FaultMode.ContentFilter => new AnthropicError("invalid_request_error", "Output blocked by content filtering policy"),
            _ => throw new ArgumentOutOfRangeException(nameof(mode), mode, "Not a rejection fault."),
        };
        return TypedResults.Json(new AnthropicErrorResponse("error", error), SimulatorJson.Context.AnthropicErrorResponse,
            statusCode: ProviderRejections.Status(mode));
    }

    public override IResult RateLimited(string message) => Error(StatusCodes.Status429TooManyRequests, message);

    public override byte[] Completion(Answer answer) => SimulatorJson.SerializeToUtf8Bytes(
        new AnthropicMessage(
            answer.Id,
            "message",
            "assistant",
            answer.Model,
            [answer.ToolName is { } tool
                ? new AnthropicContentBlock("tool_use", null, ToolUseId(answer), tool, JsonElement.Parse(answer.ToolArguments))
                : new AnthropicContentBlock("text", answer.Text)],
            StopReason(answer),
            null,
            new AnthropicUsage(answer.PromptTokens, answer.CompletionTokens)),
        SimulatorJson.Context.AnthropicMessage);

    public override async Task StreamAsync(SseWriter sse, Answer answer, bool includeUsage, CancellationToken cancellationToken)
    {
        var context = SimulatorJson.Context;
        var start = new AnthropicMessageStartEvent(
            "message_start",
            new AnthropicMessage(answer.Id, "message", "assistant", answer.Model, [], null, null, new AnthropicUsage(answer.PromptTokens, 1)));
        await sse.WriteAsync("message_start", start, context.AnthropicMessageStartEvent, cancellationToken);
        var block = answer.ToolName is { } tool
            ? new AnthropicContentBlock("tool_use", null, ToolUseId(answer), tool, JsonElement.Parse("{}"))
            : new AnthropicContentBlock("text", "");
        await sse.WriteAsync(
            "content_block_start",
            new AnthropicContentBlockStartEvent("content_block_start", 0, block),
            context.AnthropicContentBlockStartEvent,
            cancellationToken);
        await sse.WriteAsync("ping", new AnthropicBareEvent("ping"), context.AnthropicBareEvent, cancellationToken);

        for (var i = 0; i < answer.Words.Count; i++)
        {
            var delta = new AnthropicContentBlockDeltaEvent("content_block_delta", 0, answer.ToolName is null
                ? new AnthropicDelta("text_delta", answer.Chunk(i))
                : new AnthropicDelta("input_json_delta", null, answer.Words[i]));
            await sse.WriteAsync("content_block_delta", delta, context.AnthropicContentBlockDeltaEvent, cancellationToken);
        }

        await sse.WriteAsync(
            "content_block_stop",
            new AnthropicContentBlockStopEvent("content_block_stop", 0),
            context.AnthropicContentBlockStopEvent,
            cancellationToken);
        await sse.WriteAsync(
            "message_delta",
            new AnthropicMessageDeltaEvent(
                "message_delta",
                new AnthropicMessageDelta(StopReason(answer), null),
                new AnthropicDeltaUsage(answer.CompletionTokens)),
            context.AnthropicMessageDeltaEvent,
            cancellationToken);
        await sse.WriteAsync("message_stop", new AnthropicBareEvent("message_stop"), context.AnthropicBareEvent, cancellationToken, terminal: true);
    }

    public override IResult Models(SimulatedProvider provider, DateTimeOffset now) => TypedResults.Json(
        new AnthropicModelList(
            [new AnthropicModelInfo("model", provider.Model, provider.Model, "2025-01-01T00:00:00Z")],
            HasMore: false,
            FirstId: provider.Model,
            LastId: provider.Model),
        SimulatorJson.Context.AnthropicModelList);

    private static string StopReason(Answer answer) => answer.ToolName is not null ? "tool_use" : answer.Truncated ? "max_tokens" : "end_turn";

    private static string ToolUseId(Answer answer) => "toolu_" + answer.ToolCallId!["call_".Length..];
}
