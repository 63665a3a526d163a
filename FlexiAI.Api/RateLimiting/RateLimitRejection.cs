using System.Threading.RateLimiting;
using FlexiAI.Api.Admission;
using FlexiAI.Api.Hosting;

namespace FlexiAI.Api.RateLimiting;

/// <summary>
/// A refused request's answer: 429 with <c>Retry-After</c> and the <c>x-ratelimit-*</c> headers
/// (<see cref="RateLimitHeaders"/>), in OpenAI's shape (type <c>requests</c> or <c>tokens</c>, code
/// <c>rate_limit_exceeded</c>), or Anthropic's (<c>rate_limit_error</c>) on <c>/v1/messages</c> (<see cref="ErrorShape"/>).
/// </summary>
internal static class RateLimitRejection
{
    public static Task WriteAsync(HttpContext context, RateLimitLease lease)
    {
        var decision = ((DecisionLease)lease).Decision;
        var limiter = context.RequestServices.GetRequiredService<DistributedRateLimiter>();
        context.RequestServices.GetRequiredService<InFlightRequests>().CountRateLimited(decision.Limit);
        RateLimitHeaders.Write(context.Response.Headers, decision, limiter);
        var message = $"Rate limit reached for {decision.Limit} per minute on this key. Retry after {RateLimitHeaders.Seconds(decision.RetryAfter)} s.";
        return ErrorShape.WriteAsync(context, StatusCodes.Status429TooManyRequests, message, decision.Limit!, "rate_limit_exceeded",
            cancellationToken: context.RequestAborted);
    }
}
