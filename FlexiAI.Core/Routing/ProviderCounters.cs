using System.Collections.Concurrent;

namespace FlexiAI.Routing;

/// <summary>Per-provider attempt counts since start, for <c>/providers</c>. Lock-free.</summary>
public sealed class ProviderCounters
{
    private readonly ConcurrentDictionary<string, Counts> _counts = new(StringComparer.OrdinalIgnoreCase);

    public void Record(string provider, bool success)
    {
        var counts = _counts.GetOrAdd(provider, static _ => new Counts());
        Interlocked.Increment(ref success ? ref counts.Successes : ref counts.Failures);
    }

    /// <summary>Counts an attempt whose answer was not used: another provider of a hedged request answered first.</summary>
    public void RecordDiscarded(string provider) =>
        Interlocked.Increment(ref _counts.GetOrAdd(provider, static _ => new Counts()).Discarded);

    public (long Successes, long Failures) Get(string provider) =>
        _counts.TryGetValue(provider, out var counts)
            ? (Interlocked.Read(ref counts.Successes), Interlocked.Read(ref counts.Failures))
            : (0, 0);

    /// <summary>Successful attempts on every provider: what <c>/providers</c> divides by for each provider's share.</summary>
    public long TotalSuccesses()
    {
        long total = 0;
        foreach (var (_, counts) in _counts)
        {
            total += Interlocked.Read(ref counts.Successes);
        }
        return total;
    }

    /// <summary>Attempts discarded by hedging (see <see cref="RecordDiscarded"/>): neither successes nor failures.</summary>
    public long Discarded(string provider) =>
        _counts.TryGetValue(provider, out var counts) ? Interlocked.Read(ref counts.Discarded) : 0;

    private sealed class Counts
    {
        public long Successes;
        public long Failures;
        public long Discarded;
    }
}
