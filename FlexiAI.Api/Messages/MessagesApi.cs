using System.Diagnostics;
using FlexiAI.Api.Apis;
using FlexiAI.Api.PassThrough;
using FlexiAI.Api.RateLimiting;
using FlexiAI.Providers;
using FlexiAI.Routing;

namespace FlexiAI.Api.Messages;

/// <summary>
/// Where an Anthropic Messages request enters: <c>POST /v1/messages</c> (streaming and not) and
/// <c>POST /v1/messages/count_tokens</c>. The request is checked once (a 400 in Anthropic's shape before any provider
/// is called), its route resolved as <c>/v1/chat/completions</c> resolves it, and the same router runs each attempt:
/// passed through to Anthropic-protocol providers, translated for OpenAI-protocol ones, hedged on routes with a
/// hedging policy, with the same breakers, failover rules, metrics (<c>endpoint="messages"</c>) and headers.
/// </summary>
public static class MessagesApi
{
    public const string Endpoint = "messages";

    public const string CountTokensEndpoint = "count_tokens";

    public static IEndpointRouteBuilder MapMessagesApi(this IEndpointRouteBuilder app)
    {
        var services = app.ServiceProvider.GetRequiredService<GatewayServices>();
        var hedging = app.ServiceProvider.GetRequiredService<HedgingPolicies>();
        app.MapPost("/v1/messages", context => CreateMessage(context, services, hedging)).RequireSharedRateLimits();
        app.MapPost("/v1/messages/count_tokens", context => CountTokens(context, services)).RequireSharedRateLimits();
        return app;
    }

    public static async Task CreateMessage(HttpContext context, GatewayServices services, HedgingPolicies hedging)
    {
        using var request = await MessagesRequest.ReadAsync(context, services, countTokens: false);
        if (request.Info is not { } info || request.Route is not { } route)
        {
            return;
        }
        var body = request.Body;
        MessagesTranslatedRequest? translated = null;
        if (Has(route, anthropic: false) && (translated = MessagesTranslatedRequest.TryParse(body, out var error)) is null)
        {
            await AnthropicErrorWriter.BadRequest(error!).ExecuteAsync(context);
            return;
        }

        var started = Stopwatch.GetTimestamp();
        var attempts = new MessagesAttempt(body, info, translated, AnthropicHeaders.From(context.Request));
        var hedgingPolicy = hedging.For(info.Model);
        try
        {
            if (info.Stream)
            {
                var streamResult = await services.Router.ExecuteAsync(route, hedgingPolicy, MessagesAttempt.OpenStreamAsync, attempts,
                    streaming: true, context.RequestAborted);
                ChatCompletionsApi.SetHedged(context.Response, streamResult.Hedged);
                ChatCompletionsApi.RecordRequest(services, streamResult.Provider.Name, StatusCodes.Status200OK, started, Endpoint);
                await new StreamingResult(streamResult, StreamEnding.Messages).ExecuteAsync(context);
                return;
            }
            var result = await services.Router.ExecuteAsync(route, hedgingPolicy, MessagesAttempt.CompleteAsync, attempts,
                streaming: false, context.RequestAborted);
            GatewayHeaders.SetRouting(context.Response, result.Provider.Name, result.Attempts.Count);
            ChatCompletionsApi.SetHedged(context.Response, result.Hedged);
            ChatCompletionsApi.RecordRequest(services, result.Provider.Name, StatusCodes.Status200OK, started, Endpoint);
            ChatCompletionsApi.RecordTokens(context, services, result.Provider.Name, result.Value.Usage);
            ProviderHeaderWriter.Apply(context.Response, result.Value.ProviderHeaders);
            await ChatCompletionsApi.WriteAsync(context.Response, result.Value, context.RequestAborted);
        }
        catch (RoutingException exception)
        {
            await FailAsync(context, services, exception, started, Endpoint);
        }
    }

    /// <summary>
    /// <c>POST /v1/messages/count_tokens</c>: passed through to the route's Anthropic-protocol providers (in its order,
    /// with their breakers); 400 when the route has none (the other protocol has no token counting endpoint).
    /// </summary>
    public static async Task CountTokens(HttpContext context, GatewayServices services)
    {
        using var request = await MessagesRequest.ReadAsync(context, services, countTokens: true);
        if (request.Info is not { } info || request.Route is not { } route)
        {
            return;
        }
        var body = request.Body;
        if (!Has(route, anthropic: true))
        {
            await AnthropicErrorWriter.Result(StatusCodes.Status400BadRequest,
                $"model: the route '{route.Name}' has no Anthropic-protocol provider, so its tokens cannot be counted.").ExecuteAsync(context);
            return;
        }
        var anthropicRoute = new ProviderRoute(route.Name, [.. route.Where(p => p.SpeaksAnthropic)], route.ContentPolicyFailover);
        var started = Stopwatch.GetTimestamp();
        try
        {
            var result = await services.Router.ExecuteAsync(anthropicRoute, null, MessagesAttempt.CountTokensAsync,
                new MessagesAttempt(body, info, null, AnthropicHeaders.From(context.Request)), streaming: false, context.RequestAborted);
            GatewayHeaders.SetRouting(context.Response, result.Provider.Name, result.Attempts.Count);
            ChatCompletionsApi.RecordRequest(services, result.Provider.Name, StatusCodes.Status200OK, started, CountTokensEndpoint);
            await ChatCompletionsApi.WriteAsync(context.Response, result.Value, context.RequestAborted);
        }
        catch (RoutingException exception)
        {
            await FailAsync(context, services, exception, started, CountTokensEndpoint);
        }
    }

    private static Task FailAsync(HttpContext context, GatewayServices services, RoutingException exception, long started, string endpoint)
    {
        GatewayHeaders.SetAttempts(context.Response, exception.Attempts);
        var failed = AnthropicErrorWriter.FromRouting(exception, context.Response);
        ChatCompletionsApi.RecordRequest(services, exception.Attempts.Count > 0 ? exception.Attempts[^1].Provider : "none",
            (int)exception.StatusCode, started, endpoint);
        return failed.ExecuteAsync(context);
    }

    /// <summary>True when the route has a provider of the Anthropic protocol (<paramref name="anthropic"/>) or of another.</summary>
    private static bool Has(ProviderRoute route, bool anthropic)
    {
        for (var i = 0; i < route.Count; i++)
        {
            if (route[i].SpeaksAnthropic == anthropic)
            {
                return true;
            }
        }
        return false;
    }
}
