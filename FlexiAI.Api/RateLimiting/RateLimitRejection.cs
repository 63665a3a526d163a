using FlexiAI.Api.Admission;
using FlexiAI.Api.Hosting;
using Microsoft.AspNetCore.RateLimiting;

namespace FlexiAI.Api.RateLimiting;

/// <summary>
/// The rate-limiting middleware's <c>OnRejected</c>: 429 with <c>Retry-After</c> and the <c>x-ratelimit-*</c> headers
/// (<see cref="RateLimitHeaders"/>), in OpenAI's shape (type <c>requests</c> or <c>tokens</c>, code
/// <c>rate_limit_exceeded</c>), or Anthropic's (<c>rate_limit_error</c>) on <c>/v1/messages</c> (<see cref="ErrorShape"/>).
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
        // Counted here, not by ASP.NET Core's rate-limiting meter, which measures every admitted request too (the
        // gateway does not subscribe to it: FlexiAI.ServiceDefaults).
        context.RequestServices.GetRequiredService<InFlightRequests>().CountRateLimited(decision.Limit);
        RateLimitHeaders.Write(context.Response.Headers, decision, limiter);
        var message = $"Rate limit reached for {decision.Limit} per minute on this key. Retry after {RateLimitHeaders.Seconds(decision.RetryAfter)} s.";
        return new ValueTask(ErrorShape.WriteAsync(context, StatusCodes.Status429TooManyRequests, message, decision.Limit!, "rate_limit_exceeded",
            cancellationToken: cancellationToken));
    }
}
