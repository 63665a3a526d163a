using FlexiAI.Api.Hosting;
using FlexiAI.Api.RateLimiting;
using FlexiAI.Breakers;
using FlexiAI.Options;
using FlexiAI.Providers;
using FlexiAI.Redis;
using FlexiAI.Routing;
using FlexiAI.Telemetry;
using Microsoft.Extensions.Options;

namespace FlexiAI.Api.Apis;

/// <summary>What the gateway's endpoints need, in one singleton they take as a parameter.</summary>
public sealed class GatewayServices(
    ProviderCatalog catalog,
    FailoverRouter router,
    IBreakerStateStore breakers,
    ProviderCounters counters,
    ReplicaIdentity replica,
    RedisConnection redis,
    FlexiAITelemetry telemetry,
    DistributedRateLimiter rateLimiter,
    IOptions<FlexiAIOptions> options,
    TimeProvider time)
{
    public ProviderCatalog Catalog { get; } = catalog;
    public FailoverRouter Router { get; } = router;
    public IBreakerStateStore Breakers { get; } = breakers;
    public ProviderCounters Counters { get; } = counters;
    public ReplicaIdentity Replica { get; } = replica;
    public RedisConnection Redis { get; } = redis;
    public FlexiAITelemetry Telemetry { get; } = telemetry;
    public TimeProvider Time { get; } = time;
    public LimitsOptions Limits { get; } = options.Value.Limits;
    public HealthOptions Health { get; } = options.Value.Health;
    public DistributedRateLimiter RateLimiter { get; } = rateLimiter;
}
