using System.Diagnostics;
using FlexiAI.Api.OpenAI;
using FlexiAI.Api.PassThrough;
using FlexiAI.Api.RateLimiting;
using FlexiAI.Api.Translation;
using FlexiAI.Options;
using FlexiAI.Providers;
using FlexiAI.Routing;

namespace FlexiAI.Api.Apis;

/// <summary>
/// Where an OpenAI-protocol request enters: <c>POST /v1/chat/completions</c> and <c>GET /v1/models</c>.
/// The request is read and checked once, its route resolved, and the router runs each attempt on the
/// pass-through path (OpenAI-compatible providers) or the translation path (other protocols), hedged on routes with a
/// hedging policy.
/// </summary>
public static class ChatCompletionsApi
{
    public const string Endpoint = "chat_completions";

    public static IEndpointRouteBuilder MapChatCompletionsApi(this IEndpointRouteBuilder app)
    {
        var v1 = app.MapGroup("/v1");
        v1.MapPost("/chat/completions", CreateChatCompletion);
        v1.MapGet("/models", ListModels);
        return app;
    }

    public static IResult ListModels(ProviderCatalog catalog) =>
        Results.Json(new ModelList([.. catalog.RouteNames.Select(r => new ModelEntry(r))]), GatewayJsonContext.Default.ModelList);

    public static async Task<IResult> CreateChatCompletion(HttpContext context, GatewayServices services, HedgingPolicies hedging)
    {
        var request = context.Request;
        if (!IsJson(request.ContentType))
        {
            return OpenAIErrorWriter.Result(StatusCodes.Status415UnsupportedMediaType,
                "Content-Type must be application/json.", "invalid_request_error");
        }

        var body = await RequestBody.ReadAsync(request, context.RequestAborted);
        var info = ChatRequestInfo.TryParse(body.Span, services.Limits, out var error);
        if (info is null)
        {
            return OpenAIErrorWriter.BadRequest(error!);
        }
        var route = services.Catalog.Resolve(info.Model);
        if (route is null)
        {
            return OpenAIErrorWriter.ModelNotFound(info.Model, services.Catalog.RouteNames);
        }

        var started = Stopwatch.GetTimestamp();
        var hedgingPolicy = hedging.For(info.Model);
        TranslatedRequest? translated = null;
        TranslatedRequest Translated() => translated ??= TranslatedRequest.Parse(body);
        try
        {
            if (info.Stream)
            {
                var streamResult = await services.Router.ExecuteAsync(route, hedgingPolicy, attempt => attempt.Provider.SpeaksOpenAI
                        ? PassThroughClient.OpenStreamAsync(attempt, body, info)
                        : TranslationClient.OpenStreamAsync(attempt, Translated(), info.IncludeUsage, services.Time),
                    streaming: true, context.RequestAborted);
                SetHedged(context.Response, streamResult.Hedged);
                RecordRequest(services, streamResult.Provider.Name, StatusCodes.Status200OK, started);
                return new StreamingResult(streamResult);
            }

            var result = await services.Router.ExecuteAsync(route, hedgingPolicy, attempt => attempt.Provider.SpeaksOpenAI
                    ? PassThroughClient.CompleteAsync(attempt, body, info)
                    : TranslationClient.CompleteAsync(attempt, Translated(), services.Time),
                streaming: false, context.RequestAborted);
            GatewayHeaders.SetRouting(context.Response, result.Provider.Name, result.Attempts.Count);
            SetHedged(context.Response, result.Hedged);
            RecordRequest(services, result.Provider.Name, StatusCodes.Status200OK, started, result.Value.Usage);
            if (result.Value.Usage is { } usage && context.Items[RateLimitMiddleware.PartitionItem] is string partition)
            {
                services.RateLimiter.AddTokens(partition, usage.TotalTokens);
            }
            return Results.Bytes(result.Value.Body, result.Value.ContentType);
        }
        catch (RoutingException exception)
        {
            GatewayHeaders.SetAttempts(context.Response, exception.Attempts);
            var failed = OpenAIErrorWriter.FromRouting(exception, context.Response);
            RecordRequest(services, exception.Attempts.Count > 0 ? exception.Attempts[^1].Provider : "none", (int)exception.StatusCode, started);
            return failed;
        }
    }

    private static void SetHedged(HttpResponse response, bool hedged)
    {
        if (hedged)
        {
            response.Headers[GatewayHeaders.Hedged] = "true";
        }
    }

    private static void RecordRequest(GatewayServices services, string provider, int status, long started, TokenUsage? usage = null)
    {
        var tags = new TagList { { "provider", provider }, { "status", status }, { "endpoint", Endpoint } };
        services.Telemetry.Requests.Add(1, tags);
        services.Telemetry.RequestDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds, tags);
        if (usage is { } u)
        {
            services.Telemetry.TokensUsed.Add(u.PromptTokens, new TagList { { "provider", provider }, { "type", "input" } });
            services.Telemetry.TokensUsed.Add(u.CompletionTokens, new TagList { { "provider", provider }, { "type", "output" } });
        }
    }

    private static bool IsJson(string? contentType) =>
        contentType is not null && contentType.StartsWith("application/json", StringComparison.OrdinalIgnoreCase);
}
