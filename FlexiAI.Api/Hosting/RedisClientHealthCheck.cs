using FlexiAI.Redis;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace FlexiAI.Api.Hosting;

/// <summary>
/// Aspire's Redis health check, asked only once the client exists: while Redis has never been reached the client is
/// still being created (in the background, <see cref="RedisConnection.Start"/>), and resolving it would block the health
/// poll until Redis appears. Until then the answer is degraded at once (breakers decide locally).
/// </summary>
internal sealed class RedisClientHealthCheck(RedisConnection connection, Func<IHealthCheck> aspireCheck) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        connection.Multiplexer is null
            ? Task.FromResult(new HealthCheckResult(context.Registration.FailureStatus, "Redis has not been reached yet: breakers decide locally"))
            : aspireCheck().CheckHealthAsync(context, cancellationToken);
}
