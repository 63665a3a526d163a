namespace FlexiAI.Breakers;

/// <summary>
/// Where breaker state lives. The router reads <see cref="GetState"/> (a local mirror: no I/O) on every request and
/// calls the async members only when something changes: a failure, a success after failures, a probe, an admin
/// action. The in-memory store serves one process; the Redis store shares the same state across replicas.
/// </summary>
public interface IBreakerStateStore
{
    /// <summary>This process's current view of a provider's breaker. Must not block or do I/O.</summary>
    BreakerState GetState(string provider);

    /// <summary>Counts a failure; returns the resulting state (which may now be OPEN).</summary>
    ValueTask<BreakerState> RecordFailureAsync(string provider, BreakerFailure failure, CancellationToken cancellationToken);

    /// <summary>Records a success outside a probe. Only called when the local state shows failures to clear.</summary>
    ValueTask<BreakerState> RecordSuccessAsync(string provider, CancellationToken cancellationToken);

    /// <summary>Asks for one of the <c>HalfOpenMaxCalls</c> probe slots; null when none is free or the breaker is not due.</summary>
    ValueTask<ProbeLease?> TryAcquireProbeAsync(string provider, TimeSpan leaseDuration, CancellationToken cancellationToken);

    /// <summary>Reports a probe's outcome (null failure = success) and releases its slot.</summary>
    ValueTask<BreakerState> CompleteProbeAsync(ProbeLease lease, BreakerFailure? failure, CancellationToken cancellationToken);

    /// <summary>Admin: close the breaker and clear its counts, everywhere.</summary>
    ValueTask<BreakerState> ResetAsync(string provider, CancellationToken cancellationToken);

    /// <summary>Admin: open the breaker for one recovery period, everywhere.</summary>
    ValueTask<BreakerState> ForceOpenAsync(string provider, string reason, CancellationToken cancellationToken);

    /// <summary>Raised after a provider's state changed (locally or, for shared stores, from another replica).</summary>
    event EventHandler<BreakerStateChangedEventArgs>? StateChanged;

    /// <summary>How this store is synchronised with other replicas (for <c>/providers</c> and <c>/health</c>).</summary>
    BreakerSyncStatus SyncStatus { get; }
}
