using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace FlexiAI.Tests.Gateway;

/// <summary>
/// Spans cost every request; they are built only when something receives them (an OTLP endpoint is configured, as
/// Aspire does for its dashboard; in Kubernetes the operator sets it, see docs/operations.md). Metrics are always on.
/// </summary>
public sealed class TelemetryDefaultsTests
{
    [Fact]
    public void Without_an_exporter_there_is_no_tracer_but_metrics_are_on()
    {
        using var host = Build(endpoint: null);
        Assert.Null(host.Services.GetService<TracerProvider>());
        Assert.NotNull(host.Services.GetService<MeterProvider>());
    }

    [Fact]
    public void With_an_otlp_endpoint_traces_are_recorded()
    {
        using var host = Build(endpoint: "http://127.0.0.1:4317");
        Assert.NotNull(host.Services.GetService<TracerProvider>());
        Assert.NotNull(host.Services.GetService<MeterProvider>());
    }

    private static IHost Build(string? endpoint)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["OTEL_EXPORTER_OTLP_ENDPOINT"] = endpoint });
        builder.AddServiceDefaults();
        return builder.Build();
    }
}
