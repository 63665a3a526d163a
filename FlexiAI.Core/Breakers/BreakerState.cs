namespace FlexiAI.Breakers;

/// <summary>
/// One provider's breaker as stored (in memory, or in Redis for the whole cluster). Immutable: every change makes a
/// new value with a higher <see cref="Epoch"/>, so a replica can tell a newer state from an older one.
/// </summary>
/// <param name="State">Stored state. An OPEN breaker whose <see cref="RetryAt"/> has passed is effectively half-open.</param>
/// <param name="ConsecutiveFailures">Counted failures in a row since the last success or transition to CLOSED.</param>
/// <param name="Epoch">Increases with every change (a transition or a new failure count); never goes back.</param>
/// <param name="LastFailureTime">When the last counted failure happened.</param>
/// <param name="OpenedAt">When the breaker last opened.</param>
/// <param name="RetryAt">When an open breaker may send a probe.</param>
/// <param name="LastError">Short description of the last failure (no secrets, no payloads).</param>
public sealed record BreakerState(
    CircuitState State,
    int ConsecutiveFailures,
    long Epoch,
    DateTimeOffset? LastFailureTime,
    DateTimeOffset? OpenedAt,
    DateTimeOffset? RetryAt,
    string? LastError)
{
    public static BreakerState Initial { get; } = new(CircuitState.Closed, 0, 0, null, null, null, null);

    /// <summary>The state as seen at <paramref name="now"/>: OPEN turns HALF_OPEN once its recovery time has passed.</summary>
    public CircuitState EffectiveState(DateTimeOffset now) =>
        State == CircuitState.Open && RetryAt is { } retryAt && now >= retryAt ? CircuitState.HalfOpen : State;

    /// <summary>True when a request may be sent without asking anyone: the breaker is CLOSED.</summary>
    public bool AllowsTraffic => State == CircuitState.Closed;
}
