using FlexiAI.Api.Apis;

namespace FlexiAI.Api.Caching;

/// <summary>
/// A cache hit: the stored answer, as JSON or as an event stream, with <c>x-flexiai-cache: hit</c>, the provider that
/// produced it in <c>x-flexiai-provider</c> and <c>x-flexiai-attempts: 0</c> (no provider was called).
/// </summary>
internal sealed class CachedAnswerResult(string provider, string contentType, ReadOnlyMemory<byte> body, bool stream) : IResult
{
    public async Task ExecuteAsync(HttpContext httpContext)
    {
        var response = httpContext.Response;
        GatewayHeaders.SetRouting(response, provider, 0);
        response.Headers[CacheDecision.Header] = "hit";
        response.StatusCode = StatusCodes.Status200OK;
        if (stream)
        {
            response.ContentType = "text/event-stream";
            response.Headers.CacheControl = "no-cache";
            response.Headers["X-Accel-Buffering"] = "no";
        }
        else
        {
            response.ContentType = contentType;
        }
        response.ContentLength = body.Length;
        await response.Body.WriteAsync(body, httpContext.RequestAborted);
    }

    /// <summary>The result for a hit, in the form the request asked for; null when a stored answer cannot be replayed that way.</summary>
    /// <param name="answer">The stored answer.</param>
    /// <param name="stream">Whether the request asked for a stream.</param>
    /// <param name="includeUsage">Chat Completions' <c>stream_options.include_usage</c>.</param>
    /// <param name="api">The API the answer is in: a whole answer is replayed as that API's events.</param>
    public static CachedAnswerResult? For(CachedAnswer answer, bool stream, bool includeUsage, CachedApi api)
    {
        if (!stream)
        {
            return answer.Kind == CacheEntryKind.Json ? new CachedAnswerResult(answer.Provider, answer.ContentType, answer.Body, false) : null;
        }
        if (answer.Kind != CacheEntryKind.Json)
        {
            return new CachedAnswerResult(answer.Provider, "text/event-stream", answer.Body, true);
        }
        var events = api == CachedApi.Messages ? MessageEvents.FromMessage(answer.Body) : CompletionChunks.FromCompletion(answer.Body, includeUsage);
        return events is not null
            ? new CachedAnswerResult(answer.Provider, "text/event-stream", events, true)
            : null;
    }
}
