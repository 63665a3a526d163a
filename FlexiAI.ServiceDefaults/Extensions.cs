using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Metrics;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// Aspire service defaults shared by every FlexiAI service: OpenTelemetry (metrics always; traces and the OTLP export when
/// <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set), default health endpoints and service discovery.
/// </summary>
/// <remarks>
/// Deliberately no <c>AddStandardResilienceHandler</c> on HTTP clients: the gateway's router owns retries,
/// timeouts and circuit breaking for provider calls. A hidden retry layer underneath would multiply the calls
/// a dead provider receives and hide failures from the breakers.
/// </remarks>
public static class Extensions
{
    /// <summary>Activity source and meter names that FlexiAI services emit on.</summary>
    public const string FlexiAITelemetryName = "FlexiAI";

    /// <summary>Series kept per instrument of the runtime's meter (System.Runtime); more are folded into an overflow series.</summary>
    private const int RuntimeSeriesLimit = 100;

    public static TBuilder AddServiceDefaults<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.ConfigureOpenTelemetry();
        builder.AddDefaultHealthChecks();
        builder.Services.AddServiceDiscovery();
        builder.Services.ConfigureHttpClientDefaults(http => http.AddServiceDiscovery());
        return builder;
    }

    public static TBuilder ConfigureOpenTelemetry<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.Logging.AddOpenTelemetry(logging =>
        {
            logging.IncludeFormattedMessage = true;
            logging.IncludeScopes = true;
        });

        var telemetry = builder.Services.AddOpenTelemetry()
            .WithMetrics(metrics => metrics
                // ASP.NET Core's own meters (http.server.request.duration, Kestrel connections, ...): what the ASP.NET Core
                // instrumentation package enables on .NET 8+, without the wrapper it puts around every request.
                // Not Microsoft.AspNetCore.RateLimiting: the gateway's limits do not run in that middleware, and in a
                // service that uses it, it takes four measurements on every admitted request (lease duration, active
                // leases up and down, ...) to say what http.server.request.duration's 429s say.
                // Fourteen measurements a request cost the gateway about 4 % of its CPU (perf, docs/benchmarks.md), so
                // the ones that repeat another are left out: http.server.active_requests (two a request; the gateway's
                // flexiai.requests.in_flight counts the same requests), the HttpClient's http.client.* (six a request:
                // active requests, open connections, duration and time in queue; flexiai.request.duration and
                // flexiai.provider.failures say it per provider) and Microsoft.AspNetCore.Routing (a match-attempt
                // counter). Client spans stay when tracing is on.
                .AddMeter("Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel",
                    "Microsoft.AspNetCore.Diagnostics", "Microsoft.AspNetCore.Http.Connections")
                .AddView("http.server.active_requests", MetricStreamConfiguration.Drop)
                // The runtime's instruments have a handful of series each (GC generations, CPU modes, exception types),
                // but each stream is sized for OpenTelemetry's default of 2,000: a point array on the large-object heap
                // per instrument, about 4 MB resident for the nineteen of them (docs/benchmarks.md). 100 is ample.
                .AddView(instrument => instrument.Meter.Name == "System.Runtime" ? new MetricStreamConfiguration { CardinalityLimit = RuntimeSeriesLimit } : null)
                .AddRuntimeInstrumentation()
                .AddMeter(FlexiAITelemetryName));

        // Spans only when something receives them: building three spans per request for no exporter costs CPU and
        // allocations on every request (docs/benchmarks.md). Metrics are always on (the gateway also serves /metrics).
        if (builder.RecordsSpans())
        {
            // The framework's own activity sources, not the ASP.NET Core and HttpClient instrumentation packages: those
            // subscribe to the framework's diagnostic listeners, which makes it build and enrich an activity for every
            // request, sampled or not (docs/benchmarks.md, "Spans from the framework's own sources"). HttpClient has put
            // OpenTelemetry's client attributes on its activity since .NET 9; ServerSpanAttributes puts the server ones
            // on ASP.NET Core's, and keeps probes, scrapes and the UI's twice-a-second board polls out of the traces.
            builder.Services.AddSingleton<IStartupFilter>(new ServerSpanAttributes("/health", "/cluster", "/metrics"));
            telemetry
                .WithTracing(tracing => tracing
                    .AddSource(builder.Environment.ApplicationName)
                    .AddSource(FlexiAITelemetryName)
                    .AddSource("Microsoft.AspNetCore")
                    .AddSource("System.Net.Http"))
                .UseOtlpExporter();
        }

        return builder;
    }

    /// <summary>Spans are recorded (and exported over OTLP): <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is configured.</summary>
    public static bool RecordsSpans(this IHostApplicationBuilder builder) =>
        !string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]);

    public static TBuilder AddDefaultHealthChecks<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.Services.AddHealthChecks()
            .AddCheck("self", () => HealthCheckResult.Healthy(), ["live"]);
        return builder;
    }

    /// <summary>
    /// Maps <c>/health/live</c> (process serves; never depends on Redis or providers) unless the app maps its own.
    /// Services that define richer readiness (the gateway) map <c>/health</c> and <c>/health/ready</c> themselves.
    /// </summary>
    public static WebApplication MapDefaultEndpoints(this WebApplication app, bool mapHealth = true)
    {
        if (mapHealth)
        {
            app.MapHealthChecks("/health");
            app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = r => r.Tags.Contains("live") });
        }
        return app;
    }
}
