using System.Diagnostics;
using System.Text.Json;
using FlexiAI.Api.OpenAI;
using FlexiAI.Api.RateLimiting;
using FlexiAI.Chat;
using FlexiAI.Protocols.OpenAI;
using FlexiAI.Routing;
using Microsoft.Extensions.AI;

namespace FlexiAI.Api.Apis;

/// <summary><c>POST /chat</c>: one message in, one answer out, through the same router (as an <see cref="IChatClient"/>).</summary>
public static class SimpleChatApi
{
    public static IEndpointRouteBuilder MapSimpleChatApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/chat", Chat).RequireSharedRateLimits();
        return app;
    }

    /// <summary>The <c>endpoint</c> label of this route's requests in <c>flexiai_requests_total</c>.</summary>
    public const string Endpoint = "chat";

    public static async Task<IResult> Chat(HttpContext context, FlexiAIChatClient client, GatewayServices services)
    {
        var started = Stopwatch.GetTimestamp();
        if (context.Request.ContentType?.StartsWith("application/json", StringComparison.OrdinalIgnoreCase) != true)
        {
            return OpenAIErrorWriter.Result(StatusCodes.Status415UnsupportedMediaType, "Content-Type must be application/json.", "invalid_request_error");
        }
        SimpleChatRequest? request;
        try
        {
            request = await JsonSerializer.DeserializeAsync(context.Request.Body, GatewayJsonContext.Default.SimpleChatRequest, context.RequestAborted);
        }
        catch (JsonException exception)
        {
            return OpenAIErrorWriter.BadRequest(new RequestError($"The request body is not valid JSON for /chat: {exception.Message}", null));
        }

        if (string.IsNullOrWhiteSpace(request?.Message))
        {
            return OpenAIErrorWriter.BadRequest(new RequestError("'message' is required and must be a non-empty string.", "message"));
        }
        if (request.Temperature is < 0 or > 2)
        {
            return OpenAIErrorWriter.BadRequest(new RequestError("'temperature' must be between 0 and 2.", "temperature"));
        }
        if (request.MaxTokens is < 1 || request.MaxTokens > services.Limits.MaxOutputTokens)
        {
            return OpenAIErrorWriter.BadRequest(new RequestError($"'max_tokens' must be between 1 and {services.Limits.MaxOutputTokens}.", "max_tokens"));
        }
        if (request.Message.Length > services.Limits.MaxContentCharacters || (request.SystemMessage?.Length ?? 0) > services.Limits.MaxContentCharacters)
        {
            return OpenAIErrorWriter.BadRequest(new RequestError($"'message' is longer than {services.Limits.MaxContentCharacters} characters.", "message"));
        }
        if (request.Message.Contains('\0', StringComparison.Ordinal) || request.SystemMessage?.Contains('\0', StringComparison.Ordinal) == true)
        {
            return OpenAIErrorWriter.BadRequest(new RequestError("'message' must not contain NUL characters.", "message"));
        }
        var route = request.Model ?? FlexiAI.Options.FlexiAIOptions.DefaultRoute;
        if (services.Catalog.Resolve(route) is null)
        {
            return OpenAIErrorWriter.ModelNotFound(route, services.Catalog.ModelNames);
        }

        List<ChatMessage> messages = [];
        if (!string.IsNullOrWhiteSpace(request.SystemMessage))
        {
            messages.Add(new ChatMessage(ChatRole.System, request.SystemMessage));
        }
        messages.Add(new ChatMessage(ChatRole.User, request.Message));
        var options = new ChatOptions { ModelId = route, Temperature = request.Temperature, MaxOutputTokens = request.MaxTokens };

        try
        {
            var response = await client.GetResponseAsync(messages, options, context.RequestAborted);
            var provider = response.AdditionalProperties?[FlexiAIChatClient.ProviderProperty] as string ?? "unknown";
            var attempts = response.AdditionalProperties?[FlexiAIChatClient.AttemptsProperty] as int? ?? 1;
            GatewayHeaders.SetRouting(context.Response, provider, attempts);
            var usage = response.Usage;
            // Counted like /v1/chat/completions: requests, duration, tokens (metrics and the tokens-per-minute limit).
            ChatCompletionsApi.RecordRequest(services, provider, StatusCodes.Status200OK, started, Endpoint);
            ChatCompletionsApi.RecordTokens(context, services, provider,
                new TokenUsage(usage?.InputTokenCount ?? 0, usage?.OutputTokenCount ?? 0));
            var body = new SimpleChatResponse(response.Text, provider, response.ModelId ?? services.Catalog.Find(provider)?.Model ?? "",
                services.Replica.Id,
                new SimpleUsage(usage?.InputTokenCount ?? 0, usage?.OutputTokenCount ?? 0, usage?.TotalTokenCount ?? 0),
                services.Time.GetUtcNow());
            return Results.Json(body, GatewayJsonContext.Default.SimpleChatResponse);
        }
        catch (RoutingException exception)
        {
            GatewayHeaders.SetAttempts(context.Response, exception.Attempts);
            ChatCompletionsApi.RecordRequest(services, exception.Attempts.Count > 0 ? exception.Attempts[^1].Provider : "none",
                (int)exception.StatusCode, started, Endpoint);
            return OpenAIErrorWriter.FromRouting(exception, context.Response);
        }
    }
}
