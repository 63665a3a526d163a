namespace FlexiAI.Web.Gateway;

/// <summary>One provider's breaker as one replica sees it (an entry of <c>/providers</c>).</summary>
public sealed record ProviderStatus(
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
    RequestCounts? Requests)
{
    /// <summary><see cref="CircuitState"/> as a value.</summary>
    public BreakerState State => BreakerStates.Parse(CircuitState);
}
