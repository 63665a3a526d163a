using FlexiAI.Api.Apis;
using FlexiAI.Api.Hosting;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace FlexiAI.Api.Health;

/// <summary>
/// The <c>redis</c> check of <c>/health</c>: a PING answered within <c>Redis:OperationTimeout</c> (<see cref="RedisPing"/>,
/// so a connected but frozen server reads degraded). Never unhealthy: without Redis the breakers decide locally.
/// Its data says whether Redis answered (<see cref="AnsweringKey"/>, the report's <c>redis_connected</c>).
/// </summary>
internal sealed class RedisHealthCheck(GatewayServices services, RedisPing redisPing) : IHealthCheck
{
    public const string AnsweringKey = "answering";

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var redis = services.Redis;
        if (!redis.Configured)
        {
            return Result(HealthStatus.Healthy, "not configured (local breakers only)", answering: false);
        }
        if (await redisPing.AnsweringAsync().ConfigureAwait(false))
        {
            return Result(HealthStatus.Healthy, "connected", answering: true);
        }
        return Result(HealthStatus.Degraded, redis.IsConnected
            ? $"connected but not answering a PING within {redisPing.Timeout.TotalMilliseconds:0} ms (Redis:OperationTimeout): breakers decide locally"
            : "unreachable: breakers decide locally and reconcile when it returns", answering: false);
    }

    private static HealthCheckResult Result(HealthStatus status, string description, bool answering) =>
        new(status, description, data: new Dictionary<string, object> { [AnsweringKey] = answering });
}
