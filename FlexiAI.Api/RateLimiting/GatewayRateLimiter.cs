using System.Threading.RateLimiting;
using FlexiAI.Api.Security;

namespace FlexiAI.Api.RateLimiting;

/// <summary>
/// The shared limits (<see cref="DistributedRateLimiter"/>) as a standard partitioned rate limiter over requests, run by
/// <see cref="SharedRateLimitMiddleware"/>. Requests to endpoints marked <see cref="RateLimitedEndpoint"/> are counted per caller
/// (<see cref="RequestCaller.RateLimitPartition"/>): decided at once from this replica's leased budget, with no Redis
/// command, and asynchronously only when a lease is needed first. Other requests pass with a shared lease.
/// </summary>
internal sealed class GatewayRateLimiter(DistributedRateLimiter limiter) : PartitionedRateLimiter<HttpContext>
{
    public override RateLimiterStatistics? GetStatistics(HttpContext resource) => null;

    // Leases go to SharedRateLimitMiddleware (an admission is one shared instance that holds nothing).
#pragma warning disable CA2000
    protected override RateLimitLease AttemptAcquireCore(HttpContext resource, int permitCount) =>
        !Applies(resource) ? DecisionLease.Admitted
        : limiter.TryAcquireNow(RequestCaller.RateLimitPartition(resource), out var decision) ? DecisionLease.For(decision)
        : DecisionLease.Undecided;

    protected override ValueTask<RateLimitLease> AcquireAsyncCore(HttpContext resource, int permitCount, CancellationToken cancellationToken)
    {
        if (!Applies(resource))
        {
            return new(DecisionLease.Admitted);
        }
        var acquire = limiter.AcquireAsync(RequestCaller.RateLimitPartition(resource));
        return acquire.IsCompletedSuccessfully ? new(DecisionLease.For(acquire.Result)) : LeaseAsync(acquire);
    }

    private static async ValueTask<RateLimitLease> LeaseAsync(ValueTask<RateLimitDecision> acquire) => DecisionLease.For(await acquire);
#pragma warning restore CA2000

    private static bool Applies(HttpContext context) =>
        context.GetEndpoint()?.Metadata.GetMetadata<RateLimitedEndpoint>() is not null;
}
