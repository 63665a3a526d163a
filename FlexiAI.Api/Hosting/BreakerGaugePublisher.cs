using System.Diagnostics.Metrics;
using FlexiAI.Breakers;
using FlexiAI.Providers;
using FlexiAI.Redis;
using FlexiAI.Telemetry;

namespace FlexiAI.Api.Hosting;

/// <summary>
/// Publishes the live gauges: <c>flexiai.circuit_breaker.state</c> per provider (0 closed, 1 half-open, 2 open) and
/// <c>flexiai.redis.connected</c>; and starts every per-provider counter series at 0. The breaker gauge is the stored
/// state: an OPEN breaker whose recovery time has passed stays 2 until a probe is really taken (then 1), so "open for
/// 10 minutes" means what it says during an outage.
/// </summary>
internal sealed class BreakerGaugePublisher(FlexiAITelemetry telemetry, ProviderCatalog catalog, IBreakerStateStore breakers,
    RedisConnection redis) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        telemetry.StartSeries(catalog.All.Select(p => p.Name));
        telemetry.ObserveGauge("flexiai.circuit_breaker.state", () => catalog.All.Select(p =>
            new Measurement<int>((int)breakers.GetState(p.Name).State,
                new KeyValuePair<string, object?>("provider", p.Name))),
            "Breaker state per provider: 0 closed, 1 half-open, 2 open.");
        telemetry.ObserveGauge("flexiai.redis.connected", () => [new Measurement<int>(redis.IsConnected ? 1 : 0)],
            "1 when this replica is connected to Redis.");
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
