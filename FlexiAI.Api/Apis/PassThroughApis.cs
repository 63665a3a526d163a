using System.Diagnostics;
using FlexiAI.Api.OpenAI;
using FlexiAI.Api.PassThrough;
using FlexiAI.Api.RateLimiting;
using FlexiAI.Protocols.OpenAI;
using FlexiAI.Providers;
using FlexiAI.Routing;

namespace FlexiAI.Api.Apis;

/// <summary>
/// The OpenAI APIs the gateway passes through and never translates: <c>POST /v1/embeddings</c> and
/// <c>POST /v1/responses</c> (the Responses API, streamed or not). The request is checked once, its model resolved
/// (<see cref="ProviderCatalog.ResolveEmbeddings"/>, <see cref="ProviderCatalog.Resolve"/>), and the router tries the
/// route's OpenAI-protocol providers with the same breakers, failover rules and hedging as chat completions; a stream
/// fails over until its first event.
/// </summary>
public static class PassThroughApis
{
    public const string EmbeddingsEndpoint = "embeddings";
    public const string ResponsesEndpoint = "responses";

    public static IEndpointRouteBuilder MapPassThroughApis(this IEndpointRouteBuilder app)
    {
        var v1 = app.MapGroup("/v1");
        var services = app.ServiceProvider.GetRequiredService<GatewayServices>();
        var hedging = app.ServiceProvider.GetRequiredService<HedgingPolicies>();
        v1.MapPost("/embeddings", context => HandleAsync(context, services, hedging, PassThroughApi.Embeddings)).RequireSharedRateLimits();
        v1.MapPost("/responses", context => HandleAsync(context, services, hedging, PassThroughApi.Responses)).RequireSharedRateLimits();
        return app;
    }

    private static async Task HandleAsync(HttpContext context, GatewayServices services, HedgingPolicies hedging, PassThroughApi api)
    {
        if (!ChatCompletionsApi.IsJson(context.Request.ContentType))
        {
            await OpenAIErrorWriter.Result(StatusCodes.Status415UnsupportedMediaType,
                "Content-Type must be application/json.", "invalid_request_error").ExecuteAsync(context);
            return;
        }
        using var requestBody = await RequestBody.ReadAsync(context.Request, context.RequestAborted);
        var body = requestBody.Memory;
        var embeddings = api == PassThroughApi.Embeddings;
        var info = embeddings
            ? PassThroughRequestInfo.TryParseEmbeddings(body.Span, out var error)
            : PassThroughRequestInfo.TryParseResponses(body.Span, out error);
        if (info is null)
        {
            await OpenAIErrorWriter.BadRequest(error!).ExecuteAsync(context);
            return;
        }
        var resolved = embeddings ? services.Catalog.ResolveEmbeddings(info.Model) : services.Catalog.Resolve(info.Model);
        if (resolved is null)
        {
            var choices = embeddings ? services.Catalog.RouteNames.Concat(services.Catalog.EmbeddingModelNames) : services.Catalog.ModelNames;
            await OpenAIErrorWriter.ModelNotFound(info.Model, choices).ExecuteAsync(context);
            return;
        }
        var route = resolved.OpenAIOnly();
        if (route.Count == 0)
        {
            await OpenAIErrorWriter.BadRequest(new RequestError(embeddings
                ? $"The route '{route.Name}' has no provider that serves embeddings (an OpenAI-kind provider with Providers[i]:EmbeddingModel)."
                : $"The route '{route.Name}' has no OpenAI-protocol provider; the Responses API is passed through to OpenAI-compatible providers, never translated.",
                "model")).ExecuteAsync(context);
            return;
        }

        var endpoint = embeddings ? EmbeddingsEndpoint : ResponsesEndpoint;
        var started = Stopwatch.GetTimestamp();
        var state = new PassThroughAttempt(new PassThroughRequest(body, info.ModelStart, info.ModelEnd, api), route);
        try
        {
            if (info.Stream)
            {
                var streamResult = await services.Router.ExecuteAsync(route, hedging.For(info.Model), PassThroughAttempt.OpenStreamAsync, state,
                    streaming: true, context.RequestAborted);
                ChatCompletionsApi.SetHedged(context.Response, streamResult.Hedged);
                ChatCompletionsApi.RecordRequest(services, streamResult.Provider.Name, StatusCodes.Status200OK, started, endpoint);
                await new StreamingResult(streamResult, StreamEnding.Responses).ExecuteAsync(context);
                return;
            }
            if (embeddings)
            {
                // Streamed to the caller as it arrives (PassThroughAnswerWriter): fails over until the answer's first byte.
                var answer = await services.Router.ExecuteAsync(route, hedging.For(info.Model), PassThroughAttempt.OpenAnswerAsync, state,
                    streaming: true, context.RequestAborted);
                Answered(context, services, answer, answer.Value.ProviderHeaders, started, endpoint);
                await PassThroughAnswerWriter.WriteAsync(context, services, answer);
                return;
            }
            var result = await services.Router.ExecuteAsync(route, hedging.For(info.Model), PassThroughAttempt.CompleteAsync, state,
                streaming: false, context.RequestAborted);
            Answered(context, services, result, result.Value.ProviderHeaders, started, endpoint);
            ChatCompletionsApi.RecordTokens(context, services, result.Provider.Name, result.Value.Usage);
            await ChatCompletionsApi.WriteAsync(context.Response, result.Value, context.RequestAborted);
        }
        catch (RoutingException exception)
        {
            await ChatCompletionsApi.AnswerRoutingFailureAsync(context, services, exception, started, endpoint);
        }
    }

    /// <summary>The routing and provider headers of a whole answer, and the request counted.</summary>
    private static void Answered<T>(HttpContext context, GatewayServices services, RouteResult<T> result,
        IReadOnlyList<KeyValuePair<string, string>>? providerHeaders, long started, string endpoint)
    {
        GatewayHeaders.SetRouting(context.Response, result.Provider.Name, result.Attempts.Count);
        ProviderHeaderWriter.Apply(context.Response, providerHeaders);
        ChatCompletionsApi.SetHedged(context.Response, result.Hedged);
        ChatCompletionsApi.RecordRequest(services, result.Provider.Name, StatusCodes.Status200OK, started, endpoint);
    }
}
