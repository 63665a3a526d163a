using FlexiAI.Api.Admission;
using FlexiAI.Api.Apis;
using FlexiAI.Api.Caching;
using FlexiAI.Api.Health;
using FlexiAI.Api.Hosting;
using FlexiAI.Api.Messages;
using FlexiAI.Api.RateLimiting;
using FlexiAI.Api.Security;
using FlexiAI.Options;
using FlexiAI.Providers;
using Microsoft.Extensions.Options;
using OpenTelemetry.Metrics;

namespace FlexiAI.Api.Extensions;

/// <summary>All of the gateway's dependency wiring.</summary>
public static class Extensions
{
    public static IHostApplicationBuilder AddApplicationServices(this IHostApplicationBuilder builder)
    {
        // Before AddFlexiAI: the gateway's Redis client is Aspire's, which FlexiAI's own registration then leaves in place.
        builder.AddGatewayRedis();
        builder.Services.AddFlexiAI(builder.Configuration);
        if (!builder.RecordsSpans())
        {
            // No spans recorded: the provider client leaves out HttpClient's diagnostics stage, which would start an
            // activity for every provider request whenever ASP.NET Core's request activity is current (with its hosting
            // logs on) only to write a traceparent nobody records (docs/benchmarks.md, "The request path lighter").
            // With an OTLP endpoint the stage stays and the provider request carries the trace.
            builder.Services.AddHttpClient(ProviderCatalog.HttpClientName)
                .ConfigurePrimaryHttpMessageHandler((handler, _) => ((SocketsHttpHandler)handler).ActivityHeadersPropagator = null);
        }
        // Prometheus text at /metrics, beside OTLP: flexiai_requests_total, flexiai_circuit_breaker_state, ...
        builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddDetector(sp => new ReplicaResourceDetector(sp.GetRequiredService<ReplicaIdentity>())))
            .WithMetrics(metrics => metrics.AddPrometheusExporter());
        builder.Services.AddSingleton<ReplicaIdentity>();
        builder.Services.AddKeyAuthentication();
        builder.Services.AddSingleton<InFlightRequests>();
        builder.Services.AddSharedRateLimits();
        builder.Services.AddSingleton<ResponseCache>();
        builder.Services.AddHostedService<BreakerGaugePublisher>();
        builder.Services.AddSingleton<GatewayLifecycle>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<GatewayLifecycle>());
        // The host waits for the readiness delay and then the drain: both fit in its shutdown timeout.
        builder.Services.AddOptions<HostOptions>().Configure<IOptions<FlexiAIOptions>>((host, options) =>
            host.ShutdownTimeout = options.Value.Shutdown.ReadinessDelay + options.Value.Shutdown.DrainTimeout);
        builder.Services.AddSingleton<GatewayServices>();
        builder.Services.AddGatewayHealthChecks();
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
        // Keys (KeyAuthenticationHandler) checked against the policies each endpoint group declares (KeyPolicies).
        app.UseAuthentication();
        app.UseAuthorization();
        // Before rate limiting (which may wait on Redis): a refused request costs no I/O.
        app.UseMiddleware<AdmissionMiddleware>();
        // The shared limits (GatewayRateLimiter) on the endpoints that declare them (RequireSharedRateLimits), when a
        // limit is configured.
        app.UseSharedRateLimits();
        // The OpenAI API and the read-only views: a client key once client keys are configured.
        var clientApi = app.MapGroup(string.Empty).RequireAuthorization(KeyPolicies.Client);
        clientApi.MapChatCompletionsApi();
        clientApi.MapPassThroughApis();
        clientApi.MapMessagesApi();
        clientApi.MapSimpleChatApi();
        clientApi.MapClusterApi();
        // Its read-only view under the client policy, its admin actions under the admin policy (declared there).
        app.MapProvidersApi();
        app.MapAdminKeyApi();
        // Open to probes; the detailed report only for key holders and loopback (KeyPolicies.HealthDetail).
        app.MapGatewayHealth();
        app.MapPrometheusScrapingEndpoint("/metrics");
        return app;
    }
}
