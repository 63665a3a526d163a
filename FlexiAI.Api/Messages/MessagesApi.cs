using System.Diagnostics;
using FlexiAI.Api.Apis;
using FlexiAI.Api.Caching;
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
/// hedging policy, with the same breakers, failover rules, metrics (<c>endpoint="messages"</c>), headers and response
/// cache (its entries keyed apart from Chat Completions').
/// </summary>
public static class MessagesApi
{
    public const string Endpoint = "messages";

    public const string CountTokensEndpoint = "count_tokens";

    public static IEndpointRouteBuilder MapMessagesApi(this IEndpointRouteBuilder app)
    {
        var services = app.ServiceProvider.GetRequiredService<GatewayServices>();
        var hedging = app.ServiceProvider.GetRequiredService<HedgingPolicies>();
        var cache = app.ServiceProvider.GetRequiredService<ResponseCache>();
        app.MapPost("/v1/messages", context => CreateMessage(context, services, cache, hedging)).RequireSharedRateLimits();
        app.MapPost("/v1/messages/count_tokens", context => CountTokens(context, services)).RequireSharedRateLimits();
        return app;
    }

    public static async Task CreateMessage(HttpContext context, GatewayServices services, ResponseCache cache, HedgingPolicies hedging)
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

        if (!CacheDecision.TryDecide(cache.Options, cache.RouteTtls, info.Model, context.Request.Headers, out var caching, out var cacheError))
        {
            await AnthropicErrorWriter.BadRequest(cacheError!).ExecuteAsync(context);
            return;
        }

        var started = Stopwatch.GetTimestamp();
        var (hit, storeKey) = await cache.UseAsync(context, caching, body, info.Model, info.Stream, includeUsage: false, CachedApi.Messages);
        if (hit is not null)
        {
            ChatCompletionsApi.RecordRequest(services, ChatCompletionsApi.CacheProvider, StatusCodes.Status200OK, started, Endpoint);
            await hit.ExecuteAsync(context);
            return;
        }
        if (translated is not null && route.Model is not null)
        {
            // provider/model: the caller's model goes to the provider, on both paths.
            translated.Options.ModelId = route.Model;
        }
        var attempts = new MessagesAttempt(body, info, translated, AnthropicHeaders.From(context.Request), route.Model,
            storeKey is null ? null : new MessagesCacheEntry(cache, storeKey, caching.Ttl));
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
            if (storeKey is not null)
            {
                await cache.StoreAsync(storeKey, CacheEntryKind.Json, result.Provider.Name, result.Value.ContentType, result.Value.Body.Span, caching.Ttl);
            }
            await ChatCompletionsApi.WriteAsync(context.Response, result.Value, context.RequestAborted);
        }
        catch (RoutingException exception)
        {
            await ChatCompletionsApi.AnswerRoutingFailureAsync(context, services, exception, started, Endpoint);
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
                new MessagesAttempt(body, info, null, AnthropicHeaders.From(context.Request), route.Model, cacheEntry: null), streaming: false, context.RequestAborted);
            GatewayHeaders.SetRouting(context.Response, result.Provider.Name, result.Attempts.Count);
            ChatCompletionsApi.RecordRequest(services, result.Provider.Name, StatusCodes.Status200OK, started, CountTokensEndpoint);
            await ChatCompletionsApi.WriteAsync(context.Response, result.Value, context.RequestAborted);
        }
        catch (RoutingException exception)
        {
            await ChatCompletionsApi.AnswerRoutingFailureAsync(context, services, exception, started, CountTokensEndpoint);
        }
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
