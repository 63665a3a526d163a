using FlexiAI.Api.Hosting;
using FlexiAI.Api.OpenAI;
using FlexiAI.Api.Security;
using FlexiAI.Breakers;

namespace FlexiAI.Api.Apis;

/// <summary>
/// <c>/health/live</c> (the process serves: never depends on Redis or providers), <c>/health/ready</c> (this replica
/// should get traffic) and <c>/health</c> (the full report).
/// </summary>
public static class HealthApi
{
    public static IEndpointRouteBuilder MapHealthApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/health/live", () => Results.Text("{\"status\":\"alive\"}", "application/json"));
        app.MapGet("/health/ready", Ready);
        app.MapGet("/health", Full);
        return app;
    }

    /// <summary>
    /// 200 while this replica serves; 503 while starting or draining; with <c>Health:ReadyRequiresProvider</c>, 503 also
    /// while no provider's breaker is CLOSED. Reads stored breaker states, never the clock, so it does not flap with
    /// recovery probes.
    /// </summary>
    public static IResult Ready(GatewayServices services, GatewayLifecycle lifecycle) => lifecycle.Phase switch
    {
        GatewayPhase.Starting => NotReady("Not ready: the gateway is starting.", "starting"),
        GatewayPhase.Draining => NotReady("Not ready: the gateway is shutting down; requests in flight are finishing.", "draining"),
        _ when services.Health.ReadyRequiresProvider && !AnyBreakerClosed(services) =>
            NotReady("Not ready: no provider's circuit breaker is closed.", "no_provider_available"),
        _ => Results.Text("{\"status\":\"ready\"}", "application/json"),
    };

    private static IResult NotReady(string message, string code) =>
        OpenAIErrorWriter.Result(StatusCodes.Status503ServiceUnavailable, message, "service_unavailable", code: code);

    /// <summary>The full report for a key holder or a loopback caller; its status alone (same HTTP status) for anyone else.</summary>
    /// <remarks>Redis is asked (<see cref="RedisPing"/>): a connected but frozen server reads degraded within <c>Redis:OperationTimeout</c>.</remarks>
    public static async Task<IResult> Full(HttpContext context, GatewayServices services, RedisPing redisPing)
    {
        var report = ProvidersApi.BuildReport(services);
        var open = report.Providers.Where(p => p.CircuitState == CircuitState.Open.ToWire()).Select(p => p.Name).ToList();
        var canServe = open.Count < report.Providers.Count;
        var redisConnected = services.Redis.IsConnected;
        var redisAnswering = services.Redis.Configured && await redisPing.AnsweringAsync().ConfigureAwait(false);
        var redisOk = !services.Redis.Configured || redisAnswering;

        var checks = new Dictionary<string, HealthCheckView>
        {
            ["providers"] = new(canServe ? (open.Count == 0 ? "healthy" : "degraded") : "unhealthy",
                open.Count == 0 ? "every breaker is closed or half-open" : $"open: {string.Join(", ", open)}"),
            ["redis"] = new(redisOk ? "healthy" : "degraded",
                !services.Redis.Configured ? "not configured (local breakers only)"
                : redisOk ? "connected"
                : redisConnected ? $"connected but not answering a PING within {redisPing.Timeout.TotalMilliseconds:0} ms (Redis:OperationTimeout): breakers decide locally"
                : "unreachable: breakers decide locally and reconcile when it returns"),
        };
        var localLimits = services.RateLimiter.Enabled && services.RateLimiter.DecidingLocally;
        if (services.RateLimiter.Enabled)
        {
            checks["rate_limit"] = new(localLimits ? "degraded" : "healthy",
                localLimits ? "Redis unreachable: this replica enforces its share of each limit" : "limits shared by every replica through Redis");
        }
        var status = !canServe ? "unhealthy" : open.Count > 0 || !redisOk || localLimits ? "degraded" : "healthy";
        var statusCode = canServe ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable;
        if (context.Items[KeyAuthorizationMiddleware.HealthDetailItem] is not true)
        {
            return Results.Text($"{{\"status\":\"{status}\"}}", "application/json", statusCode: statusCode);
        }
        var health = new HealthReport(status, report.ReplicaId, redisAnswering, report.Sync.Enabled, report.Sync, report.Providers, checks);
        return Results.Json(health, GatewayJsonContext.Default.HealthReport, statusCode: statusCode);
    }

    private static bool AnyBreakerClosed(GatewayServices services)
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
