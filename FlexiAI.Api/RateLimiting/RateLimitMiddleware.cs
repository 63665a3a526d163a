using FlexiAI.Api.OpenAI;
using FlexiAI.Api.Security;

namespace FlexiAI.Api.RateLimiting;

/// <summary>
/// Applies the shared rate limits to the routes that reach providers (<c>/v1/chat/completions</c>, <c>/v1/messages</c>, <c>/chat</c>):
/// per client key, or per remote address without one. Refusals are 429 in OpenAI's shape with <c>Retry-After</c> and
/// the <c>x-ratelimit-*</c> headers (<see cref="RateLimitHeaders"/>).
/// </summary>
internal sealed class RateLimitMiddleware(RequestDelegate next, DistributedRateLimiter limiter)
{
    public Task InvokeAsync(HttpContext context) =>
        !limiter.Enabled || !HttpMethods.IsPost(context.Request.Method) ||
        !(context.Request.Path.StartsWithSegments("/v1/chat/completions") || context.Request.Path.StartsWithSegments("/v1/messages") || context.Request.Path.StartsWithSegments("/chat"))
            ? next(context)
            : LimitAsync(context);

    /// <summary>The caller's partition: its key's (precomputed, never the key), else its remote address.</summary>
    public static string Partition(HttpContext context) =>
        KeyAuthorizationMiddleware.CallerOf(context)?.RateLimitPartition
        ?? "ip:" + (context.Connection.RemoteIpAddress?.ToString() ?? "unknown");

    private Task LimitAsync(HttpContext context)
    {
        var acquire = limiter.AcquireAsync(Partition(context));
        if (acquire.IsCompletedSuccessfully)
        {
            var decision = acquire.Result;
            return decision.Allowed ? next(context) : RefuseAsync(context, decision);
        }
        return LimitSlowAsync(context, acquire);
    }

    private async Task LimitSlowAsync(HttpContext context, ValueTask<RateLimitDecision> acquire)
    {
        var decision = await acquire;
        await (decision.Allowed ? next(context) : RefuseAsync(context, decision));
    }

    private Task RefuseAsync(HttpContext context, RateLimitDecision decision)
    {
        context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        RateLimitHeaders.Write(context.Response.Headers, decision, limiter);
        context.Response.ContentType = "application/json";
        var message = $"Rate limit reached for {decision.Limit} per minute on this key. Retry after {RateLimitHeaders.Seconds(decision.RetryAfter)} s.";
        return context.Response.Body.WriteAsync(OpenAIErrorWriter.Serialize(message, decision.Limit!, null, "rate_limit_exceeded")).AsTask();
    }
}
