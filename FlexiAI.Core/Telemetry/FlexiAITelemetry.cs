using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace FlexiAI.Telemetry;

/// <summary>
/// The activity source and instruments FlexiAI emits on (name <c>FlexiAI</c>). Instrument names follow the
/// Prometheus names of ARCHITECTURE.md once exported (<c>flexiai.requests</c> becomes <c>flexiai_requests_total</c>).
/// </summary>
public sealed class FlexiAITelemetry : IDisposable
{
    public const string Name = "FlexiAI";

    public static readonly ActivitySource ActivitySource = new(Name);

    private readonly Meter _meter;

    public FlexiAITelemetry(IMeterFactory meterFactory)
    {
        _meter = meterFactory.Create(Name);
        Requests = _meter.CreateCounter<long>("flexiai.requests", description: "Requests answered, by provider, HTTP status and endpoint.");
        RequestDuration = _meter.CreateHistogram<double>("flexiai.request.duration", unit: "s", description: "Time to answer a request (to the first byte for streams).");
        ProviderFailures = _meter.CreateCounter<long>("flexiai.provider.failures", description: "Failed provider attempts, by provider and error type.");
        Fallbacks = _meter.CreateCounter<long>("flexiai.fallbacks", description: "Requests answered by a provider other than the first in their route.");
        TokensUsed = _meter.CreateCounter<long>("flexiai.tokens", description: "Tokens used, by provider and type (input, output).");
    }

    public Counter<long> Requests { get; }
    public Histogram<double> RequestDuration { get; }
    public Counter<long> ProviderFailures { get; }
    public Counter<long> Fallbacks { get; }
    public Counter<long> TokensUsed { get; }

    /// <summary>Registers the observable gauges that read live state (breaker states, connectivity).</summary>
    public void ObserveGauge(string name, Func<IEnumerable<Measurement<int>>> observe, string description) =>
        _meter.CreateObservableGauge(name, observe, description: description);

    public void Dispose() => _meter.Dispose();
}
