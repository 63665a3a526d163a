using FlexiAI.Api.Apis;
using FlexiAI.Breakers;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace FlexiAI.Api.Health;

/// <summary>The <c>providers</c> check of <c>/health</c>: healthy with no breaker open (as <c>/providers</c> shows it), degraded with some, unhealthy when every one is open.</summary>
internal sealed class ProvidersHealthCheck(GatewayServices services) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var all = services.Catalog.All;
        var now = services.Time.GetUtcNow();
        var open = all.Where(p => services.Breakers.GetState(p.Name).EffectiveState(now) == CircuitState.Open).Select(p => p.Name).ToList();
        return Task.FromResult(open.Count == 0 ? HealthCheckResult.Healthy("every breaker is closed or half-open")
            : new HealthCheckResult(open.Count < all.Count ? HealthStatus.Degraded : HealthStatus.Unhealthy, $"open: {string.Join(", ", open)}"));
    }
}
