using OpenTelemetry.Metrics;
using FlexiAI.Api.Apis;
using FlexiAI.Api.Hosting;
using FlexiAI.Api.Security;
using FlexiAI.Redis;

namespace FlexiAI.Api.Extensions;

/// <summary>All of the gateway's dependency wiring.</summary>
public static class Extensions
{
    /// <summary>Largest request body accepted (bytes). Larger bodies get 413 before they are read.</summary>
    public const long MaxRequestBodyBytes = 4 * 1024 * 1024;

    public static IHostApplicationBuilder AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.Services.AddFlexiAI(builder.Configuration);
        // Prometheus text at /metrics, beside OTLP: flexiai_requests_total, flexiai_circuit_breaker_state, ...
        builder.Services.AddOpenTelemetry().WithMetrics(metrics => metrics.AddPrometheusExporter());
        builder.Services.AddSingleton<ReplicaIdentity>();
        builder.Services.AddSingleton<KeyAuthenticator>();
        builder.Services.AddHostedService<OpenGatewayWarning>();
        builder.Services.AddHostedService<BreakerGaugePublisher>();
        builder.Services.AddSingleton<GatewayServices>();
        builder.Services.AddSingleton<ReplicaRegistry>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<ReplicaRegistry>());
        builder.Services.ConfigureHttpJsonOptions(options =>
            options.SerializerOptions.TypeInfoResolverChain.Insert(0, GatewayJsonContext.Default));
        builder.Services.Configure<Microsoft.AspNetCore.Server.Kestrel.Core.KestrelServerOptions>(kestrel =>
        {
            kestrel.Limits.MaxRequestBodySize = MaxRequestBodyBytes;
            kestrel.AddServerHeader = false;
        });
        return builder;
    }

    /// <summary>Maps the HTTP surface (ARCHITECTURE.md, "HTTP surface of the gateway").</summary>
    public static WebApplication MapGatewayApi(this WebApplication app)
    {
        app.UseMiddleware<GatewayErrorMiddleware>();
        app.UseMiddleware<KeyAuthorizationMiddleware>();
        app.MapChatCompletionsApi();
        app.MapSimpleChatApi();
        app.MapProvidersApi();
        app.MapClusterApi();
        app.MapHealthApi();
        app.MapPrometheusScrapingEndpoint("/metrics");
        return app;
    }
}
