using System.Diagnostics;
using FlexiAI.Api.Caching;
using FlexiAI.Api.Continuation;
using FlexiAI.Api.Hosting;
using FlexiAI.Api.Messages;
using FlexiAI.Api.OpenAI;
using FlexiAI.Api.PassThrough;
using FlexiAI.Api.RateLimiting;
using FlexiAI.Api.Security;
using FlexiAI.Protocols.OpenAI;
using FlexiAI.Providers;
using FlexiAI.Routing;

namespace FlexiAI.Api.Apis;

/// <summary>
/// Where an OpenAI-protocol request enters: <c>POST /v1/chat/completions</c> and <c>GET /v1/models</c>.
/// The request is read and checked once, its route resolved, and the router runs each attempt on the
/// pass-through path (OpenAI-compatible providers) or the translation path (other protocols), hedged on routes with a
/// hedging policy. The response cache (<see cref="ResponseCache"/>) is consulted before the router and fed after it.
/// </summary>
public static class ChatCompletionsApi
{
    public const string Endpoint = "chat_completions";

    /// <summary>The <c>provider</c> label of requests answered from the response cache.</summary>
    public const string CacheProvider = "cache";

    public static IEndpointRouteBuilder MapChatCompletionsApi(this IEndpointRouteBuilder app)
    {
        var v1 = app.MapGroup("/v1");
        // Singletons taken once here: parameters resolved from DI would open a service scope on every request.
        var services = app.ServiceProvider.GetRequiredService<GatewayServices>();
        var cache = app.ServiceProvider.GetRequiredService<ResponseCache>();
        var hedging = app.ServiceProvider.GetRequiredService<HedgingPolicies>();
        // A request delegate that writes its own result: one async state machine per request, not two.
        v1.MapPost("/chat/completions", context => CreateChatCompletion(context, services, cache, hedging)).RequireSharedRateLimits();
        v1.MapGet("/models", ListModels);
        return app;
    }

    /// <summary>
    /// <c>GET /v1/models</c>: the routes (<c>owned_by: flexiai</c>), then every provider's chat model and embeddings model
    /// (<c>owned_by</c>: the first provider configured with it), each name listed once.
    /// </summary>
    public static IResult ListModels(ProviderCatalog catalog)
    {
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var entries = new List<ModelEntry>();
        foreach (var route in catalog.RouteNames)
        {
            if (seen.Add(route))
            {
                entries.Add(new ModelEntry(route, ModelEntry.Gateway));
            }
        }
        foreach (var provider in catalog.All)
        {
            if (seen.Add(provider.Model))
            {
                entries.Add(new ModelEntry(provider.Model, provider.Name));
            }
            if (provider.Options.EmbeddingModel is { } embedding && seen.Add(embedding))
            {
                entries.Add(new ModelEntry(embedding, provider.Name));
            }
        }
        return Results.Json(new ModelList(entries), GatewayJsonContext.Default.ModelList);
    }

    public static async Task CreateChatCompletion(HttpContext context, GatewayServices services, ResponseCache cache, HedgingPolicies hedging)
    {
        var request = context.Request;
        if (!IsJson(request.ContentType))
        {
            await OpenAIErrorWriter.Result(StatusCodes.Status415UnsupportedMediaType,
                "Content-Type must be application/json.", "invalid_request_error").ExecuteAsync(context);
            return;
        }

        using var requestBody = await RequestBody.ReadAsync(request, context.RequestAborted);
        var body = requestBody.Memory;
        var info = ChatRequestInfo.TryParse(body.Span, services.Limits, out var error);
        if (info is null)
        {
            await OpenAIErrorWriter.BadRequest(error!).ExecuteAsync(context);
            return;
        }
        var route = services.Catalog.Resolve(info.Model);
        if (route is null)
        {
            await OpenAIErrorWriter.ModelNotFound(info.Model, services.Catalog.ModelNames).ExecuteAsync(context);
            return;
        }
        // Translated once, before the first attempt, on routes that may need it: what cannot cross is a 400 now, not an
        // attempt's failure.
        TranslatedRequest? translated = null;
        if (NeedsTranslation(route) && (translated = TranslatedRequest.TryParse(body, out error)) is null)
        {
            await OpenAIErrorWriter.BadRequest(error!).ExecuteAsync(context);
            return;
        }
        if (translated is not null && route.Model is not null)
        {
            // provider/model: the caller's model goes to the provider.
            translated.Options.ModelId = route.Model;
        }
        if (!CacheDecision.TryDecide(cache.Options, cache.RouteTtls, info.Model, request.Headers, out var caching, out error))
        {
            await OpenAIErrorWriter.BadRequest(error!).ExecuteAsync(context);
            return;
        }

        var started = Stopwatch.GetTimestamp();
        var (hit, storeKey) = await cache.UseAsync(context, caching, body, info.Model, info.Stream, info.IncludeUsage, CachedApi.ChatCompletions);
        if (hit is not null)
        {
            RecordRequest(services, CacheProvider, StatusCodes.Status200OK, started);
            await hit.ExecuteAsync(context);
            return;
        }

        var hedgingPolicy = hedging.For(info.Model);
        var attempts = new ChatCompletionAttempt(body, info, route, translated, services, cache, storeKey, caching.Ttl);
        try
        {
            if (info.Stream)
            {
                var streamResult = await services.Router.ExecuteAsync(route, hedgingPolicy, ChatCompletionAttempt.OpenStreamAsync, attempts,
                    streaming: true, context.RequestAborted);
                SetHedged(context.Response, streamResult.Hedged);
                RecordRequest(services, streamResult.Provider.Name, StatusCodes.Status200OK, started);
                IResult streaming = route.StreamContinuation && ContinuationBody.IsSafe(body.Span)
                    ? new ContinuingStreamResult(streamResult, new StreamContinuer(route, body, services, cache), info.IncludeUsage)
                    : new StreamingResult(streamResult);
                await streaming.ExecuteAsync(context);
                return;
            }

            var result = await services.Router.ExecuteAsync(route, hedgingPolicy, ChatCompletionAttempt.CompleteAsync, attempts,
                streaming: false, context.RequestAborted);
            GatewayHeaders.SetRouting(context.Response, result.Provider.Name, result.Attempts.Count);
            ProviderHeaderWriter.Apply(context.Response, result.Value.ProviderHeaders);
            SetHedged(context.Response, result.Hedged);
            RecordRequest(services, result.Provider.Name, StatusCodes.Status200OK, started);
            RecordTokens(context, services, result.Provider.Name, result.Value.Usage);
            if (storeKey is not null)
            {
                await cache.StoreAsync(storeKey, CacheEntryKind.Json, result.Provider.Name, result.Value.ContentType, result.Value.Body.Span, caching.Ttl);
            }
            await WriteAsync(context.Response, result.Value, context.RequestAborted);
        }
        catch (RoutingException exception)
        {
            await AnswerRoutingFailureAsync(context, services, exception, started, Endpoint);
        }
    }

    /// <summary>
    /// Answers a request the router could not complete (in the route's error shape, <see cref="ErrorShape"/>; a provider's
    /// rejection as it sent it when it is already in that shape, with its allowlisted headers) and counts it.
    /// </summary>
    internal static async Task AnswerRoutingFailureAsync(HttpContext context, GatewayServices services, RoutingException exception, long started,
        string endpoint)
    {
        GatewayHeaders.SetAttempts(context.Response, exception.Attempts);
        ProviderHeaderWriter.Apply(context.Response, exception.Rejection?.Headers);
        var failed = ErrorShape.IsAnthropic(context.Request.Path)
            ? AnthropicErrorWriter.FromRouting(exception, context.Response)
            : OpenAIErrorWriter.FromRouting(exception, context.Response);
        RecordRequest(services, exception.Attempts.Count > 0 ? exception.Attempts[^1].Provider : "none", (int)exception.StatusCode, started, endpoint);
        await failed.ExecuteAsync(context);
    }

    /// <summary>Writes a whole answer as the response body, then releases its buffer.</summary>
    internal static async Task WriteAsync(HttpResponse response, CompletionPayload payload, CancellationToken cancellationToken)
    {
        using (payload)
        {
            response.ContentType = payload.ContentType;
            response.ContentLength = payload.Body.Length;
            await response.Body.WriteAsync(payload.Body, cancellationToken);
        }
    }

    internal static void SetHedged(HttpResponse response, bool hedged)
    {
        if (hedged)
        {
            response.Headers[GatewayHeaders.Hedged] = "true";
        }
    }

    private static readonly object s_statusOk = StatusCodes.Status200OK;

    /// <summary>Counts an answered request and its duration (<c>endpoint</c>: <c>chat_completions</c>, or <c>chat</c> for <c>/chat</c>).</summary>
    internal static void RecordRequest(GatewayServices services, string provider, int status, long started, string endpoint = Endpoint)
    {
        // 200 boxed once, not on every request.
        var tags = new TagList { { "provider", provider }, { "status", status == StatusCodes.Status200OK ? s_statusOk : status }, { "endpoint", endpoint } };
        services.Telemetry.Requests.Add(1, tags);
        services.Telemetry.RequestDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds, tags);
    }

    /// <summary>Counts an answer's tokens: in the metrics, and against the caller's tokens-per-minute limit.</summary>
    internal static void RecordTokens(HttpContext context, GatewayServices services, string provider, TokenUsage? usage)
    {
        if (usage is not { } u)
        {
            return;
        }
        services.Telemetry.TokensUsed.Add(u.PromptTokens, new TagList { { "provider", provider }, { "type", "input" } });
        services.Telemetry.TokensUsed.Add(u.CompletionTokens, new TagList { { "provider", provider }, { "type", "output" } });
        if (services.RateLimiter.TokensPerMinute > 0)
        {
            services.RateLimiter.AddTokens(RequestCaller.RateLimitPartition(context), u.TotalTokens);
        }
    }

    private static bool NeedsTranslation(ProviderRoute route)
    {
        for (var i = 0; i < route.Count; i++)
        {
            if (!route[i].SpeaksOpenAI)
            {
                return true;
            }
        }
        return false;
    }

    internal static bool IsJson(string? contentType) =>
        contentType is not null && contentType.StartsWith("application/json", StringComparison.OrdinalIgnoreCase);
}
