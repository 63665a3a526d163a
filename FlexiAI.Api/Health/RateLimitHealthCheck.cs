using FlexiAI.Api.RateLimiting;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace FlexiAI.Api.Health;

/// <summary>The <c>rate_limit</c> check of <c>/health</c> (registered only with limits on): degraded while this replica enforces its share alone.</summary>
internal sealed class RateLimitHealthCheck(DistributedRateLimiter limiter) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(limiter.DecidingLocally
            ? HealthCheckResult.Degraded("Redis unreachable: this replica enforces its share of each limit")
            : HealthCheckResult.Healthy("limits shared by every replica through Redis"));
}
