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

    public void ClearOffline(string provider) => _offlineChanges[provider] = 0;

    /// <summary>Clears the mark if no newer offline change came in since <paramref name="mark"/> was read.</summary>
    public void ClearOffline(string provider, long mark) => _offlineChanges.TryUpdate(provider, 0, mark);
}
