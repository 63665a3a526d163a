using FlexiAI.Api.OpenAI;
using FlexiAI.Api.Security;
using Microsoft.Net.Http.Headers;

namespace FlexiAI.Api.RateLimiting;

/// <summary>
/// Applies the shared rate limits to the routes that reach providers (<c>/v1/chat/completions</c>, <c>/chat</c>):
/// per client key, or per remote address without one. Refusals are 429 in OpenAI's shape with <c>Retry-After</c>.
/// </summary>
internal sealed class RateLimitMiddleware(RequestDelegate next, DistributedRateLimiter limiter)
{
    public const string PartitionItem = "flexiai.rate_partition";

    public Task InvokeAsync(HttpContext context) =>
        !limiter.Enabled || !HttpMethods.IsPost(context.Request.Method) ||
        !(context.Request.Path.StartsWithSegments("/v1/chat/completions") || context.Request.Path.StartsWithSegments("/chat"))
            ? next(context)
            : LimitAsync(context);

    private async Task LimitAsync(HttpContext context)
    {
        var partition = Partition(context);
        context.Items[PartitionItem] = partition;
        var decision = await limiter.AcquireAsync(partition);
        if (decision.Allowed)
        {
            await next(context);
            return;
        }

        context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        context.Response.Headers[HeaderNames.RetryAfter] = RateLimitFormatting.Seconds(decision.RetryAfter);
        context.Response.ContentType = "application/json";
        var message = $"Rate limit reached for {decision.Limit} per minute on this key. Retry after {RateLimitFormatting.Seconds(decision.RetryAfter)} s.";
        await context.Response.Body.WriteAsync(OpenAIErrorWriter.Serialize(message, decision.Limit!, null, "rate_limit_exceeded"));
    }

    /// <summary>The caller's key id (never the key), else its remote address.</summary>
    private static string Partition(HttpContext context) =>
        context.Items[KeyAuthorizationMiddleware.CallerItem] is Caller { KeyId: { } keyId }
            ? "key:" + keyId
            : "ip:" + (context.Connection.RemoteIpAddress?.ToString() ?? "unknown");
}
