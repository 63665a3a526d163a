using System.Diagnostics;
using System.Diagnostics.Metrics;
using FlexiAI.Routing;

namespace FlexiAI.Telemetry;

/// <summary>
/// The activity source and instruments FlexiAI emits on (name <c>FlexiAI</c>). Instrument names follow the
/// Prometheus names of ARCHITECTURE.md once exported (<c>flexiai.requests</c> becomes <c>flexiai_requests_total</c>).
/// </summary>
public sealed class FlexiAITelemetry : IDisposable
{
    public const string Name = "FlexiAI";

    public static readonly ActivitySource ActivitySource = new(Name);

    /// <summary>Seconds, from a pass-through hop on loopback to a slow model's whole answer.</summary>
    private static readonly double[] DurationBuckets = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120];

    private readonly Meter _meter;

    public FlexiAITelemetry(IMeterFactory meterFactory)
    {
        _meter = meterFactory.Create(Name);
        Requests = _meter.CreateCounter<long>("flexiai.requests", description: "Requests answered, by provider, HTTP status and endpoint.");
        RequestDuration = _meter.CreateHistogram<double>("flexiai.request.duration", unit: "s",
            description: "Time to answer a request (to the first chunk for streams).",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = DurationBuckets });
        ProviderFailures = _meter.CreateCounter<long>("flexiai.provider.failures", description: "Failed provider attempts, by provider and error type.");
        Fallbacks = _meter.CreateCounter<long>("flexiai.fallbacks", description: "Requests answered by a provider other than the first in their route.");
        TokensUsed = _meter.CreateCounter<long>("flexiai.tokens", description: "Tokens used, by provider and type (input, output).");
        Hedges = _meter.CreateCounter<long>("flexiai.hedges",
            description: "Hedged attempts started (beside an attempt that had not answered within the route's hedging delay), by provider.");
        AttemptsDiscarded = _meter.CreateCounter<long>("flexiai.attempts.discarded",
            description: "Attempts cancelled because another provider answered first (hedging), by provider; not failures.");
        CacheRequests = _meter.CreateCounter<long>("flexiai.cache.requests",
            description: "Requests the response cache saw, by result (hit, miss, bypass).");
        CacheErrors = _meter.CreateCounter<long>("flexiai.cache.errors",
            description: "Response cache operations Redis failed or did not answer in time, by operation (lookup, store); the cache was skipped.");
    }

    public Counter<long> Requests { get; }
    public Histogram<double> RequestDuration { get; }
    public Counter<long> ProviderFailures { get; }
    public Counter<long> Fallbacks { get; }
    public Counter<long> TokensUsed { get; }
    public Counter<long> Hedges { get; }
    public Counter<long> AttemptsDiscarded { get; }
    public Counter<long> CacheRequests { get; }
    public Counter<long> CacheErrors { get; }

    /// <summary>
    /// Makes every per-provider counter series exist at 0 (failures for each error type, fallbacks, tokens, hedges,
    /// discarded attempts), so that rates and alerts over them work before the first event, not only after it.
    /// </summary>
    public void StartSeries(IEnumerable<string> providers)
    {
        foreach (var provider in providers)
        {
            var tag = new KeyValuePair<string, object?>("provider", provider);
            foreach (var errorType in ProviderFailure.ErrorTypes)
            {
                ProviderFailures.Add(0, tag, new KeyValuePair<string, object?>("error_type", errorType));
            }
            Fallbacks.Add(0, tag);
            TokensUsed.Add(0, tag, new KeyValuePair<string, object?>("type", "input"));
            TokensUsed.Add(0, tag, new KeyValuePair<string, object?>("type", "output"));
            Hedges.Add(0, tag);
            AttemptsDiscarded.Add(0, tag);
        }
    }

    /// <summary>Registers the observable gauges that read live state (breaker states, connectivity).</summary>
    public void ObserveGauge(string name, Func<IEnumerable<Measurement<int>>> observe, string description) =>
        _meter.CreateObservableGauge(name, observe, description: description);

    public void Dispose() => _meter.Dispose();
}
