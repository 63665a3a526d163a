using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using FlexiAI.Api.Admission;
using FlexiAI.Api.Apis;
using FlexiAI.Api.Caching;
using FlexiAI.Api.Hosting;
using FlexiAI.Api.Messages;
using FlexiAI.Api.RateLimiting;
using FlexiAI.Api.Security;
using FlexiAI.Options;
using Microsoft.Extensions.Options;
using FlexiAI.Redis;

namespace FlexiAI.Api.Extensions;

/// <summary>All of the gateway's dependency wiring.</summary>
public static class Extensions
{
    public static IHostApplicationBuilder AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.Services.AddFlexiAI(builder.Configuration);
        // Prometheus text at /metrics, beside OTLP: flexiai_requests_total, flexiai_circuit_breaker_state, ...
        builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddDetector(sp => new ReplicaResourceDetector(sp.GetRequiredService<ReplicaIdentity>())))
            .WithMetrics(metrics => metrics.AddPrometheusExporter());
        builder.Services.AddSingleton<ReplicaIdentity>();
        builder.Services.AddSingleton<KeyAuthenticator>();
        builder.Services.AddSingleton<InFlightRequests>();
        builder.Services.AddHostedService<OpenGatewayWarning>();
        builder.Services.AddSingleton<DistributedRateLimiter>();
        builder.Services.AddSingleton<ResponseCache>();
        builder.Services.AddHostedService<BreakerGaugePublisher>();
        builder.Services.AddSingleton<GatewayLifecycle>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<GatewayLifecycle>());
        // The host waits for the readiness delay and then the drain: both fit in its shutdown timeout.
        builder.Services.AddOptions<HostOptions>().Configure<IOptions<FlexiAIOptions>>((host, options) =>
            host.ShutdownTimeout = options.Value.Shutdown.ReadinessDelay + options.Value.Shutdown.DrainTimeout);
        builder.Services.AddSingleton<GatewayServices>();
        builder.Services.AddSingleton<RedisPing>();
        builder.Services.AddSingleton<ReplicaRegistry>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<ReplicaRegistry>());
        builder.Services.ConfigureHttpJsonOptions(options =>
            options.SerializerOptions.TypeInfoResolverChain.Insert(0, GatewayJsonContext.Default));
        // Bodies over FlexiAI:Limits:MaxRequestBytes get 413 before they are read.
        builder.Services.AddOptions<Microsoft.AspNetCore.Server.Kestrel.Core.KestrelServerOptions>()
            .Configure<IOptions<FlexiAIOptions>>((kestrel, options) =>
            {
                kestrel.Limits.MaxRequestBodySize = options.Value.Limits.MaxRequestBytes;
                kestrel.AddServerHeader = false;
            });
        return builder;
    }

    /// <summary>Maps the HTTP surface (ARCHITECTURE.md, "HTTP surface of the gateway").</summary>
    public static WebApplication MapGatewayApi(this WebApplication app)
    {
        app.UseMiddleware<GatewayErrorMiddleware>();
        app.UseMiddleware<DrainingConnectionMiddleware>();
        app.UseMiddleware<KeyAuthorizationMiddleware>();
        // Before rate limiting (which may wait on Redis): a refused request costs no I/O.
        app.UseMiddleware<AdmissionMiddleware>();
        app.UseMiddleware<RateLimitMiddleware>();
        app.MapChatCompletionsApi();
        app.MapMessagesApi();
        app.MapSimpleChatApi();
        app.MapProvidersApi();
        app.MapClusterApi();
        app.MapAdminKeyApi();
        app.MapHealthApi();
        app.MapPrometheusScrapingEndpoint("/metrics");
        return app;
    }
}
