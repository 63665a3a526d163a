using System.Diagnostics.Metrics;
using FlexiAI.Options;
using FlexiAI.Telemetry;
using Microsoft.Extensions.Options;

namespace FlexiAI.Api.Admission;

/// <summary>
/// Requests and streams in flight on this replica, bounded by <c>FlexiAI:Limits:MaxConcurrentRequests</c>. Publishes
/// <c>flexiai.requests.in_flight</c> (<c>flexiai_requests_in_flight</c> in Prometheus: the gauge the autoscaler reads;
/// observed from the slot count when metrics are collected, so a request records no measurement for it) and
/// <c>flexiai.requests.refused</c> (requests turned away: at this limit, and by the shared rate limits,
/// <see cref="CountRateLimited"/>).
/// </summary>
internal sealed class InFlightRequests
{
    private static readonly KeyValuePair<string, object?> LimitReason = new("reason", "in_flight_limit");
    private static readonly KeyValuePair<string, object?> RequestsReason = new("reason", "rate_limit_requests");
    private static readonly KeyValuePair<string, object?> TokensReason = new("reason", "rate_limit_tokens");

    private readonly Counter<long> _refused;
    private int _count;

    public InFlightRequests(IMeterFactory meterFactory, IOptions<FlexiAIOptions> options)
    {
        Limit = options.Value.Limits.MaxConcurrentRequests;
        // The same meter as FlexiAITelemetry's: the factory hands out one Meter per name and disposes it with itself.
#pragma warning disable CA2000 // owned by the meter factory (see above)
        var meter = meterFactory.Create(FlexiAITelemetry.Name);
#pragma warning restore CA2000
        meter.CreateObservableUpDownCounter("flexiai.requests.in_flight", () => (long)Count,
            description: "Requests and streams in flight on this replica (chat routes); the autoscaler's signal.");
        _refused = meter.CreateCounter<long>("flexiai.requests.refused",
            description: "Requests refused by this replica, by reason: in_flight_limit (503, FlexiAI:Limits:MaxConcurrentRequests "
                + "in flight), rate_limit_requests and rate_limit_tokens (429, the shared rate limits).");
        // The refusals' series exists from start-up, at 0 (the in-flight one is observed, so always there).
        _refused.Add(0, LimitReason);
    }

    /// <summary>The most requests in flight at once.</summary>
    public int Limit { get; }

    /// <summary>Requests in flight now.</summary>
    public int Count => Volatile.Read(ref _count);

    /// <summary>Takes a slot; false (and counted as refused) when every slot is taken. A true result must be followed by <see cref="Exit"/>.</summary>
    public bool TryEnter()
    {
        if (Interlocked.Increment(ref _count) > Limit)
        {
            Interlocked.Decrement(ref _count);
            _refused.Add(1, LimitReason);
            return false;
        }
        return true;
    }

    /// <summary>Counts a 429 of the shared rate limits (<paramref name="limit"/>: <c>requests</c> or <c>tokens</c>).</summary>
    public void CountRateLimited(string? limit) => _refused.Add(1, limit == "tokens" ? TokensReason : RequestsReason);

    public void Exit()
    {
        Interlocked.Decrement(ref _count);
    }
}
