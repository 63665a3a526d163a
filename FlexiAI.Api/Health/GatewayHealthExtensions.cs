using FlexiAI.Api.Hosting;
using FlexiAI.Options;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace FlexiAI.Api.Health;

/// <summary>
/// Health through ASP.NET Core's health checks: <c>/health/live</c> (ServiceDefaults' <c>self</c> check: never depends
/// on Redis or providers), <c>/health/ready</c> (<see cref="ReadinessHealthCheck"/>) and <c>/health</c> (providers,
/// Redis and, with limits on, the rate limiter), written by <see cref="HealthResponseWriter"/>.
/// </summary>
public static class GatewayHealthExtensions
{
    public static IServiceCollection AddGatewayHealthChecks(this IServiceCollection services)
    {
        services.AddSingleton<RedisPing>();
        services.AddHealthChecks()
            .AddCheck<ReadinessHealthCheck>("ready", tags: [HealthTags.Ready])
            .AddCheck<ProvidersHealthCheck>("providers", tags: [HealthTags.Report])
            .AddCheck<RedisHealthCheck>("redis", tags: [HealthTags.Report]);
        services.AddOptions<HealthCheckServiceOptions>().Configure<IOptions<FlexiAIOptions>>((health, options) =>
        {
            if (options.Value.RateLimit.Enabled)
            {
                health.Registrations.Add(new HealthCheckRegistration("rate_limit",
                    sp => ActivatorUtilities.CreateInstance<RateLimitHealthCheck>(sp), failureStatus: null, tags: [HealthTags.Report]));
            }
        });
        return services;
    }

    public static IEndpointRouteBuilder MapGatewayHealth(this IEndpointRouteBuilder app)
    {
        app.MapHealthChecks("/health/live", Options(HealthTags.Live, HealthResponseWriter.WriteLiveAsync));
        app.MapHealthChecks("/health/ready", Options(HealthTags.Ready, HealthResponseWriter.WriteReadyAsync));
        app.MapHealthChecks("/health", Options(HealthTags.Report, HealthResponseWriter.WriteReportAsync));
        return app;
    }

    private static HealthCheckOptions Options(string tag, Func<HttpContext, Microsoft.Extensions.Diagnostics.HealthChecks.HealthReport, Task> writer) => new()
    {
        Predicate = registration => registration.Tags.Contains(tag),
        ResponseWriter = writer,
    };
}
