using FlexiAI.Breakers;
using FlexiAI.Providers;
using FlexiAI.Routing;

namespace FlexiAI.Api.Apis;

/// <summary>One provider as this replica sees it (<c>/providers</c>, <c>/health</c>).</summary>
/// <param name="LastErrorType">
/// <c>auth</c> (the provider rejected its key) or <c>not_found</c> (its model, deployment or URL is unknown) when the last
/// counted failure was the gateway's configuration at fault; null otherwise.
/// </param>
public sealed record ProviderView(
    string Name,
    string Kind,
    string Model,
    int Priority,
    bool Available,
    string CircuitState,
    int FailureCount,
    DateTimeOffset? LastFailureTime,
    DateTimeOffset? OpenedAt,
    DateTimeOffset? RetryAt,
    long Epoch,
    string? LastError,
    string? LastErrorType,
    ProviderRequestCounts Requests,
    ProviderLoadView Load)
{
    public static ProviderView Create(Provider provider, BreakerState state, ProviderCounters counters, DateTimeOffset now)
    {
        var effective = state.EffectiveState(now);
        var (successes, failures) = counters.Get(provider.Name);
        var discarded = counters.Discarded(provider.Name);
        return new ProviderView(provider.Name, provider.Kind.ToString(), provider.Model, provider.Options.Priority,
            effective != Breakers.CircuitState.Open, effective.ToWire(), state.ConsecutiveFailures,
            state.LastFailureTime, state.OpenedAt, state.RetryAt, state.Epoch, state.LastError, BreakerFaults.TypeOf(state.LastError),
            new ProviderRequestCounts(successes + failures + discarded, successes, failures, discarded),
            ProviderLoadView.Create(provider, successes, counters.TotalSuccesses()));
    }
}

/// <param name="Total">Attempts this replica made on the provider.</param>
/// <param name="Success">Attempts that answered.</param>
/// <param name="Failure">Attempts that failed (they count against the breaker, client errors aside).</param>
/// <param name="Discarded">Hedged requests: attempts cancelled because another provider answered first (not failures).</param>
public sealed record ProviderRequestCounts(long Total, long Success, long Failure, long Discarded);
