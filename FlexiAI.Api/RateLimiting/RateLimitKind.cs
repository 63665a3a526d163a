using System.Collections.Concurrent;

namespace FlexiAI.Api.RateLimiting;

/// <summary>
/// One of the two limits (requests or tokens per minute): its value, the lease a replica takes from Redis at a time,
/// the budgets this replica holds per caller, and its local fallback.
/// </summary>
internal sealed class RateLimitKind(string name, string redisName, long limit, double leaseFraction, TimeSpan window, Func<int> replicas) : IDisposable
{
    /// <summary>"requests" or "tokens": the words of the error message and of the <c>x-ratelimit-*</c> headers.</summary>
    public string Name { get; } = name;

    /// <summary>The short name in Redis keys ("req" or "tok").</summary>
    public string RedisName { get; } = redisName;

    public long Limit { get; } = limit;

    public bool Enabled => Limit > 0;

    /// <summary>The largest slice one lease asks for: <c>LeaseFraction</c> of the limit, at least 1.</summary>
    public long Lease { get; } = Math.Max(1, (long)(limit * leaseFraction));

    public ConcurrentDictionary<string, PartitionBudget> Budgets { get; } = new(StringComparer.Ordinal);

    public LocalShareLimiter Local { get; } = new(Math.Max(1, limit), window, replicas);

    public void Dispose() => Local.Dispose();
}
