using FlexiAI.Api.Apis;
using FlexiAI.Api.OpenAI;
using FlexiAI.Api.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using CheckReport = Microsoft.Extensions.Diagnostics.HealthChecks.HealthReport;

namespace FlexiAI.Api.Health;

/// <summary>
/// Writes the health checks' results in the gateway's JSON shapes (the web UI and the probes read them):
/// <c>{"status":"alive"}</c>; <c>{"status":"ready"}</c> or an OpenAI-shaped 503; and the full report
/// (<see cref="Apis.HealthReport"/>) for a key holder or a loopback caller (<see cref="KeyPolicies.HealthDetail"/>),
/// its status alone for anyone else. The HTTP status is the health checks' (503 when unhealthy).
/// </summary>
internal static class HealthResponseWriter
{
    /// <summary>The checks of the full report, in the order it lists them.</summary>
    private static readonly string[] ReportChecks = ["providers", "redis", "rate_limit"];

    public static Task WriteLiveAsync(HttpContext context, CheckReport _) => WriteJsonAsync(context, "{\"status\":\"alive\"}");

    public static Task WriteReadyAsync(HttpContext context, CheckReport report)
    {
        if (report.Status == HealthStatus.Healthy)
        {
            return WriteJsonAsync(context, "{\"status\":\"ready\"}");
        }
        var failed = report.Entries.Values.First(e => e.Status != HealthStatus.Healthy);
        var code = failed.Data.TryGetValue(ReadinessHealthCheck.CodeKey, out var value) ? value as string : null;
        return OpenAIErrorWriter.Result(StatusCodes.Status503ServiceUnavailable, failed.Description ?? "Not ready.", "service_unavailable", code: code)
            .ExecuteAsync(context);
    }

    public static async Task WriteReportAsync(HttpContext context, CheckReport report)
    {
        var status = Word(report.Status);
        var authorization = context.RequestServices.GetRequiredService<IAuthorizationService>();
        if (!(await authorization.AuthorizeAsync(context.User, context, KeyPolicies.HealthDetail).ConfigureAwait(false)).Succeeded)
        {
            await WriteJsonAsync(context, $"{{\"status\":\"{status}\"}}").ConfigureAwait(false);
            return;
        }
        var providers = ProvidersApi.BuildReport(context.RequestServices.GetRequiredService<GatewayServices>());
        var checks = new Dictionary<string, HealthCheckView>();
        foreach (var name in ReportChecks)
        {
            if (report.Entries.TryGetValue(name, out var entry))
            {
                checks[name] = new HealthCheckView(Word(entry.Status), entry.Description ?? "");
            }
        }
        var redisAnswering = report.Entries.TryGetValue("redis", out var redis) && redis.Data.TryGetValue(RedisHealthCheck.AnsweringKey, out var answering)
            && answering is true;
        var health = new Apis.HealthReport(status, providers.ReplicaId, redisAnswering, providers.Sync.Enabled, providers.Sync, providers.Providers, checks);
        await context.Response.WriteAsJsonAsync(health, GatewayJsonContext.Default.HealthReport, cancellationToken: context.RequestAborted).ConfigureAwait(false);
    }

    private static string Word(HealthStatus status) => status switch
    {
        HealthStatus.Healthy => "healthy",
        HealthStatus.Degraded => "degraded",
        _ => "unhealthy",
    };

    private static Task WriteJsonAsync(HttpContext context, string json)
    {
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync(json, context.RequestAborted);
    }
}
