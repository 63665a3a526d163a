using System.Threading.RateLimiting;

namespace FlexiAI.Api.RateLimiting;

/// <summary>
/// One limit enforced by this replica alone while Redis is unreachable: its share (the limit divided by the replicas it
/// last saw) per caller, in a sliding window of six segments. A <see cref="PartitionedRateLimiter{TResource}"/>: a
/// caller's limiter is dropped once it has been idle (all permits back) for a few seconds, so callers seen once do not
/// stay in memory. Created on first use (Redis unreachable): that limiter runs a 100 ms timer for as long as it exists,
/// which woke an idle replica ten times a second for each limit.
/// </summary>
internal sealed class LocalShareLimiter : IDisposable
{
    private readonly long _limit;
    private readonly TimeSpan _window;
    private readonly Func<int> _replicas;
    private readonly Lock _creation = new();
    private PartitionedRateLimiter<string>? _limiter;
    private bool _disposed;

    public LocalShareLimiter(long limit, TimeSpan window, Func<int> replicas)
    {
        _limit = limit;
        _window = window;
        _replicas = replicas;
    }

    private PartitionedRateLimiter<string> Limiter
    {
        get
        {
            if (Volatile.Read(ref _limiter) is { } limiter)
            {
                return limiter;
            }
            lock (_creation)
            {
                // None created after disposal (its timer would outlive the host).
                ObjectDisposedException.ThrowIf(_disposed, this);
                return _limiter ??= PartitionedRateLimiter.Create<string, string>(partition =>
                    RateLimitPartition.GetSlidingWindowLimiter(partition, _ => new SlidingWindowRateLimiterOptions
                    {
                        PermitLimit = Share(_limit, _replicas()),
                        Window = _window,
                        SegmentsPerWindow = 6,
                        QueueLimit = 0,
                    }));
            }
        }
    }

    /// <summary>Takes <paramref name="cost"/> permits (at most the whole share); with 0, checks that one is left.</summary>
    public bool TryAcquire(string partition, long cost)
    {
        var limiter = Limiter;
        if (cost == 0)
        {
            return limiter.GetStatistics(partition)?.CurrentAvailablePermits > 0;
        }
        var share = limiter.GetStatistics(partition)?.CurrentAvailablePermits ?? 0;
        using var lease = limiter.AttemptAcquire(partition, (int)Math.Clamp(cost, 1, Math.Max(1, share)));
        return lease.IsAcquired;
    }

    public static int Share(long limit, int replicas) => (int)Math.Clamp(limit / Math.Max(1, replicas), 1, int.MaxValue);

    public void Dispose()
    {
        lock (_creation)
        {
            _disposed = true;
            _limiter?.Dispose();
        }
    }
}
