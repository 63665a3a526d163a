using System.Threading.RateLimiting;

namespace FlexiAI.Api.RateLimiting;

/// <summary>
/// Runs the shared limits (<see cref="GatewayRateLimiter"/>) on every request: an admission decided from this replica's
/// leased budget passes straight on, with no async step of its own; a request that must wait for a lease from Redis
/// waits here, and a refusal gets its 429 (<see cref="RateLimitRejection"/>). The limiter is a standard
/// <see cref="PartitionedRateLimiter{TResource}"/>, so it also serves as the global limiter of ASP.NET Core's
/// rate-limiting middleware; the gateway calls it itself because that middleware costs about 3 µs a request of the
/// 8 that the production controls cost (an async step, its endpoint-policy limiter and a combined lease on every
/// request: docs/benchmarks.md, "The rate-limiting middleware's share").
/// </summary>
internal sealed class SharedRateLimitMiddleware(RequestDelegate next, GatewayRateLimiter limiter)
{
    public Task InvokeAsync(HttpContext context)
    {
        // Admissions are one shared lease that holds nothing (permits are leased budgets): nothing to release after.
        var lease = limiter.AttemptAcquire(context);
        return lease.IsAcquired ? next(context) : WaitOrRefuseAsync(context, lease);
    }

    /// <summary>As ASP.NET Core's middleware does when the at-once answer is no: ask again, waiting for Redis if need be.</summary>
    private async Task WaitOrRefuseAsync(HttpContext context, RateLimitLease refused)
    {
        refused.Dispose();
        using var lease = await limiter.AcquireAsync(context, 1, context.RequestAborted);
        if (lease.IsAcquired)
        {
            await next(context);
            return;
        }
        await RateLimitRejection.WriteAsync(context, lease);
    }
}
