using System.Collections.Concurrent;
using FlexiAI.Breakers;
using FlexiAI.Options;
using Microsoft.Extensions.Options;

namespace FlexiAI.Redis;

/// <summary>
/// This replica's copy of the shared breaker state: every read comes from here (routing never waits on Redis), and the
/// marks of providers changed while Redis was out of reach, which the next reconcile merges
/// (<see cref="RedisBreakerOutageMerger"/>).
/// </summary>
internal sealed class RedisBreakerMirror
{
    private readonly ConcurrentDictionary<string, long> _offlineChanges = new(StringComparer.OrdinalIgnoreCase);
    private readonly Lock _decisions = new();
    private long _offlineMarks;

    public RedisBreakerMirror(IOptions<FlexiAIOptions> options, TimeProvider time) => Local = new InMemoryBreakerStateStore(options, time);

    /// <summary>The state itself; also decides on its own while Redis cannot be reached.</summary>
    public InMemoryBreakerStateStore Local { get; }

    public BreakerState GetState(string provider) => Local.GetState(provider);

    /// <summary>Applies a state from Redis: newer epochs only, unless <paramref name="force"/>.</summary>
    public bool TryApply(string provider, BreakerState state, bool force) => Local.TryApply(provider, state, force);

    /// <summary>The provider changed while Redis was out of reach and the change is not merged yet.</summary>
    public bool IsOffline(string provider) => _offlineChanges.GetValueOrDefault(provider) != 0;

    /// <summary>The provider's pending offline change (0: none), to clear only that one after merging it.</summary>
    public long OfflineMark(string provider) => _offlineChanges.GetValueOrDefault(provider);

    public void MarkOffline(string provider) => _offlineChanges[provider] = Interlocked.Increment(ref _offlineMarks);

    /// <summary>
    /// An operator's change that Redis took (reset, force open): it replaces whatever the replica decided offline, and a
    /// merge that read the state before it can no longer apply what it read (<see cref="TryApplyMerged"/>).
    /// </summary>
    public void ApplyDecided(string provider, BreakerState state)
    {
        lock (_decisions)
        {
            _offlineChanges[provider] = 0;
            Local.TryApply(provider, state, force: true);
        }
    }

    /// <summary>
    /// Applies the outcome of merging the offline change <paramref name="mark"/> and clears the mark, only if that change is
    /// still the pending one: an operator's change or a newer offline change since the merge read its inputs makes them
    /// stale (the next reconcile merges again, from fresh reads). Without this check a reconcile that read Redis just
    /// before a reset forced the old state back onto the mirror.
    /// </summary>
    public bool TryApplyMerged(string provider, BreakerState state, long mark)
    {
        lock (_decisions)
        {
            if (_offlineChanges.GetValueOrDefault(provider) != mark)
            {
                return false;
            }
            Local.TryApply(provider, state, force: true);
            // Not a plain write: an offline change may be marked (outside this lock) right now, and must stay marked.
            _offlineChanges.TryUpdate(provider, 0, mark);
            return true;
        }
    }
}
