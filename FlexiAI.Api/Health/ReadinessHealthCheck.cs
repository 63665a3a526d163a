using FlexiAI.Api.Apis;
using FlexiAI.Api.Hosting;
using FlexiAI.Breakers;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace FlexiAI.Api.Health;

/// <summary>
/// <c>/health/ready</c>: healthy while this replica serves; unhealthy while starting or draining
/// (<see cref="GatewayLifecycle"/>) and, with <c>Health:ReadyRequiresProvider</c>, while no provider's breaker is
/// CLOSED. Reads stored breaker states, never the clock, so it does not flap with recovery probes. An unhealthy result
/// carries the OpenAI error code of the 503 (<see cref="CodeKey"/>).
/// </summary>
internal sealed class ReadinessHealthCheck(GatewayServices services, GatewayLifecycle lifecycle) : IHealthCheck
{
    public const string CodeKey = "code";

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(lifecycle.Phase switch
        {
            GatewayPhase.Starting => NotReady("Not ready: the gateway is starting.", "starting"),
            GatewayPhase.Draining => NotReady("Not ready: the gateway is shutting down; requests in flight are finishing.", "draining"),
            _ when services.Health.ReadyRequiresProvider && !AnyBreakerClosed() =>
                NotReady("Not ready: no provider's circuit breaker is closed.", "no_provider_available"),
            _ => HealthCheckResult.Healthy(),
        });

    private static HealthCheckResult NotReady(string message, string code) =>
        HealthCheckResult.Unhealthy(message, data: new Dictionary<string, object> { [CodeKey] = code });

    private bool AnyBreakerClosed()
    {
        foreach (var provider in services.Catalog.All)
        {
            if (services.Breakers.GetState(provider.Name).State == CircuitState.Closed)
            {
                return true;
            }
        }
        return false;
    }
}
