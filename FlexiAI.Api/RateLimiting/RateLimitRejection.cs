using FlexiAI.Api.OpenAI;
using Microsoft.AspNetCore.RateLimiting;

namespace FlexiAI.Api.RateLimiting;

/// <summary>
/// The rate-limiting middleware's <c>OnRejected</c>: 429 in OpenAI's shape with <c>Retry-After</c> and the
/// <c>x-ratelimit-*</c> headers (<see cref="RateLimitHeaders"/>).
/// </summary>
internal static class RateLimitRejection
{
    public static ValueTask WriteAsync(OnRejectedContext rejected, CancellationToken cancellationToken)
    {
        if (rejected.Lease is not DecisionLease { Decision: var decision })
        {
            return ValueTask.CompletedTask; // another limiter's refusal: the middleware's 429 stands
        }
        var context = rejected.HttpContext;
        var limiter = context.RequestServices.GetRequiredService<DistributedRateLimiter>();
        context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        RateLimitHeaders.Write(context.Response.Headers, decision, limiter);
        context.Response.ContentType = "application/json";
        var message = $"Rate limit reached for {decision.Limit} per minute on this key. Retry after {RateLimitHeaders.Seconds(decision.RetryAfter)} s.";
        return context.Response.Body.WriteAsync(OpenAIErrorWriter.Serialize(message, decision.Limit!, null, "rate_limit_exceeded"), cancellationToken);
    }
}
