using FlexiAI.Breakers;
using FlexiAI.Providers;
using FlexiAI.Routing;

namespace FlexiAI.Api.Apis;

/// <summary>One provider as this replica sees it (<c>/providers</c>, <c>/health</c>).</summary>
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
    ProviderRequestCounts Requests)
{
    public static ProviderView Create(Provider provider, BreakerState state, ProviderCounters counters, DateTimeOffset now)
    {
        var effective = state.EffectiveState(now);
        var (successes, failures) = counters.Get(provider.Name);
        return new ProviderView(provider.Name, provider.Kind.ToString(), provider.Model, provider.Options.Priority,
            effective != Breakers.CircuitState.Open, effective.ToWire(), state.ConsecutiveFailures,
            state.LastFailureTime, state.OpenedAt, state.RetryAt, state.Epoch, state.LastError,
            new ProviderRequestCounts(successes + failures, successes, failures));
    }
}

public sealed record ProviderRequestCounts(long Total, long Success, long Failure);
