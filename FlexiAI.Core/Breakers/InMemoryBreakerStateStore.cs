using System.Collections.Concurrent;
using FlexiAI.Options;
using Microsoft.Extensions.Options;

namespace FlexiAI.Breakers;

/// <summary>
/// Breaker state for one process. Each provider has its own entry and lock; reads take no lock (the state is an
/// immutable record published with a volatile write). Subscribers are notified after the lock is released.
/// </summary>
public sealed class InMemoryBreakerStateStore(IOptions<FlexiAIOptions> options, TimeProvider timeProvider) : IBreakerStateStore
{
    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.OrdinalIgnoreCase);
    private readonly CircuitBreakerOptions _breaker = options.Value.CircuitBreaker;

    public event EventHandler<BreakerStateChangedEventArgs>? StateChanged;

    public BreakerSyncStatus SyncStatus => BreakerSyncStatus.Local;

    public BreakerState GetState(string provider) =>
        _entries.TryGetValue(provider, out var entry) ? Volatile.Read(ref entry.State) : BreakerState.Initial;

    public ValueTask<BreakerState> RecordFailureAsync(string provider, BreakerFailure failure, CancellationToken cancellationToken) =>
        new(Update(provider, (state, now) => BreakerTransitions.OnFailure(state, failure, now, _breaker)));

    public ValueTask<BreakerState> RecordSuccessAsync(string provider, CancellationToken cancellationToken) =>
        new(Update(provider, (state, now) => BreakerTransitions.OnSuccess(state, now)));

    public ValueTask<ProbeLease?> TryAcquireProbeAsync(string provider, TimeSpan leaseDuration, CancellationToken cancellationToken)
    {
        var entry = GetEntry(provider);
        ProbeLease? lease = null;
        BreakerState previous, current;
        var now = timeProvider.GetUtcNow();
        lock (entry.Gate)
        {
            previous = entry.State;
            entry.Leases.RemoveAll(l => l.ExpiresAt <= now);
            if (!BreakerTransitions.CanProbe(previous, entry.Leases.Count, now, _breaker))
            {
                return new((ProbeLease?)null);
            }
            lease = new ProbeLease(provider, Guid.NewGuid().ToString("N"), now + leaseDuration);
            entry.Leases.Add(lease);
            current = BreakerTransitions.OnProbeStarted(previous, now);
            Volatile.Write(ref entry.State, current);
        }
        Notify(provider, previous, current);
        return new(lease);
    }

    public ValueTask<BreakerState> CompleteProbeAsync(ProbeLease lease, BreakerFailure? failure, CancellationToken cancellationToken)
    {
        var entry = GetEntry(lease.Provider);
        BreakerState previous, current;
        lock (entry.Gate)
        {
            previous = entry.State;
            // A lease that was dropped (admin reset, or it expired and another probe decided) decides nothing.
            if (entry.Leases.RemoveAll(l => l.Id == lease.Id) == 0 || previous.State != CircuitState.HalfOpen)
            {
                return new(previous);
            }
            current = BreakerTransitions.OnProbeCompleted(previous, failure, timeProvider.GetUtcNow(), _breaker);
            if (current.State != CircuitState.HalfOpen)
            {
                entry.Leases.Clear();
            }
            Volatile.Write(ref entry.State, current);
        }
        Notify(lease.Provider, previous, current);
        return new(current);
    }

    public ValueTask<BreakerState> ResetAsync(string provider, CancellationToken cancellationToken) =>
        new(Update(provider, (state, now) => BreakerTransitions.Close(state, now), clearLeases: true));

    public ValueTask<BreakerState> ForceOpenAsync(string provider, string reason, CancellationToken cancellationToken) =>
        new(Update(provider, (state, now) => BreakerTransitions.Open(state, new BreakerFailure(reason), now, _breaker), clearLeases: true));

    private BreakerState Update(string provider, Func<BreakerState, DateTimeOffset, BreakerState> transition, bool clearLeases = false)
    {
        var entry = GetEntry(provider);
        BreakerState previous, current;
        lock (entry.Gate)
        {
            previous = entry.State;
            current = transition(previous, timeProvider.GetUtcNow());
            if (clearLeases)
            {
                entry.Leases.Clear();
            }
            if (ReferenceEquals(previous, current))
            {
                return current;
            }
            Volatile.Write(ref entry.State, current);
        }
        Notify(provider, previous, current);
        return current;
    }

    private void Notify(string provider, BreakerState previous, BreakerState current)
    {
        if (!ReferenceEquals(previous, current))
        {
            StateChanged?.Invoke(this, new BreakerStateChangedEventArgs(provider, previous, current));
        }
    }

    /// <summary>
    /// Takes a state decided elsewhere (the shared store): only when its epoch is newer, unless <paramref name="force"/>.
    /// Local probe leases end when the state leaves HALF_OPEN. Returns true when the state was taken.
    /// </summary>
    internal bool TryApply(string provider, BreakerState state, bool force)
    {
        var entry = GetEntry(provider);
        BreakerState previous;
        lock (entry.Gate)
        {
            previous = entry.State;
            if (previous == state || (!force && state.Epoch <= previous.Epoch))
            {
                return false;
            }
            if (state.State != CircuitState.HalfOpen)
            {
                entry.Leases.Clear();
            }
            Volatile.Write(ref entry.State, state);
        }
        Notify(provider, previous, state);
        return true;
    }

    private Entry GetEntry(string provider) => _entries.GetOrAdd(provider, static _ => new Entry());

    private sealed class Entry
    {
        public readonly Lock Gate = new();
        public readonly List<ProbeLease> Leases = [];
        public BreakerState State = BreakerState.Initial;
    }
}
