using FlexiAI.Api.Hosting;
using FlexiAI.Options;
using FlexiAI.Redis;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace FlexiAI.Api.RateLimiting;

/// <summary>
/// Requests and tokens per minute per caller, one limit for the whole cluster, decided on this replica without a Redis
/// round trip. Each replica leases slices of a caller's budget from Redis (<see cref="BudgetLeaseScript"/>: a sliding
/// window estimated from two fixed one-minute windows) and admits locally until its slice is spent; the next slice is
/// leased in the background when half of one is left. A request waits on Redis only when this replica has no budget
/// for its caller at all (the caller's first request here, or a limit nearly reached). Tokens are charged after the
/// answer, from the provider's usage, against the local slice; tokens beyond it are owed and charged with the next
/// lease. Over-admission and its bounds: <c>docs/benchmarks.md</c>, "Rate limits". When Redis is unreachable (or slower
/// than <see cref="RedisOptions.OperationTimeout"/>), this replica enforces its share (<see cref="LocalShareLimiter"/>).
/// </summary>
public sealed class DistributedRateLimiter : IDisposable
{
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(1);
    private static readonly long WindowMs = (long)Window.TotalMilliseconds;

    /// <summary>Rounds of "lease, then decide" a request may go through while other requests take the slices it waited for.</summary>
    private const int MaxLeaseRounds = 8;

    private readonly RedisAccess _redis;
    private readonly Func<int> _replicas;
    private readonly TimeProvider _time;
    private readonly RedisOptions _redisOptions;
    private readonly string _prefix;
    private readonly RateLimitKind _requests;
    private readonly RateLimitKind _tokens;
    private readonly ITimer _evictor;

    public DistributedRateLimiter(RedisConnection redis, ReplicaRegistry replicas, IOptions<FlexiAIOptions> options, TimeProvider time,
        ILogger<DistributedRateLimiter> logger)
        : this(redis, () => replicas.LastKnownReplicaCount, options, time, logger)
    {
    }

    /// <param name="replicas">The live replicas this one last saw (the registry's count).</param>
    internal DistributedRateLimiter(RedisConnection redis, Func<int> replicas, IOptions<FlexiAIOptions> options, TimeProvider time,
        ILogger<DistributedRateLimiter> logger)
    {
        _redis = new RedisAccess(redis, time, logger);
        _replicas = replicas;
        _time = time;
        var limits = options.Value.RateLimit;
        _redisOptions = options.Value.Redis;
        _prefix = options.Value.Redis.KeyPrefix;
        Enabled = limits.Enabled;
        _requests = new RateLimitKind("requests", "req", limits.RequestsPerMinute, limits.LeaseFraction, Window, ReplicaCount);
        _tokens = new RateLimitKind("tokens", "tok", limits.TokensPerMinute, limits.LeaseFraction, Window, ReplicaCount);
        _evictor = time.CreateTimer(static state => ((DistributedRateLimiter)state!).EvictIdle(), this, Window, Window);
    }

    public bool Enabled { get; }

    /// <summary>True when the last decision had to be made locally (Redis unreachable).</summary>
    public bool DecidingLocally { get; private set; }

    /// <summary>Requests per minute (0: off), for the <c>x-ratelimit-limit-requests</c> header.</summary>
    public long RequestsPerMinute => _requests.Limit;

    /// <summary>Tokens per minute (0: off), for the <c>x-ratelimit-limit-tokens</c> header.</summary>
    public long TokensPerMinute => _tokens.Limit;

    /// <summary>Budgets this replica holds (callers seen in the last two minutes, per limit).</summary>
    internal int BudgetCount => _requests.Budgets.Count + _tokens.Budgets.Count;

    /// <summary>
    /// Admits one request for <paramref name="partition"/>: checks that tokens per minute has room, then takes one of
    /// requests per minute. Completes synchronously, with no Redis I/O, while this replica holds budget for the caller.
    /// </summary>
    public ValueTask<RateLimitDecision> AcquireAsync(string partition)
    {
        if (_tokens.Enabled)
        {
            var tokens = DecideAsync(_tokens, partition, consume: false);
            if (!tokens.IsCompletedSuccessfully)
            {
                return ThenRequestsAsync(tokens, partition);
            }
            if (!tokens.Result.Allowed || !_requests.Enabled)
            {
                return tokens;
            }
        }
        return _requests.Enabled ? DecideAsync(_requests, partition, consume: true) : new(RateLimitDecision.Allow(!DecidingLocally));
    }

    /// <summary>
    /// Decides at once when this replica can (its leased budget, a refusal Redis gave, or its local share while Redis is
    /// unreachable): true with the decision. False when a lease from Redis must come first; then nothing was taken and
    /// <see cref="AcquireAsync"/> decides.
    /// </summary>
    public bool TryAcquireNow(string partition, out RateLimitDecision decision)
    {
        if (_tokens.Enabled)
        {
            if (!TryDecideNow(_tokens, partition, consume: false, out decision, out _))
            {
                return false;
            }
            if (!decision.Allowed || !_requests.Enabled)
            {
                return true;
            }
        }
        if (_requests.Enabled)
        {
            return TryDecideNow(_requests, partition, consume: true, out decision, out _);
        }
        decision = RateLimitDecision.Allow(!DecidingLocally);
        return true;
    }

    /// <summary>Counts the tokens an answer used (after it was sent): they count against the caller's next requests.</summary>
    public void AddTokens(string partition, long tokens)
    {
        if (!_tokens.Enabled || tokens <= 0)
        {
            return;
        }
        var now = _time.GetUtcNow().ToUnixTimeMilliseconds();
        if (!RedisConnected)
        {
            _tokens.Local.TryAcquire(partition, tokens);
            return;
        }
        var budget = _tokens.Budgets.GetOrAdd(partition, static _ => new PartitionBudget());
        if (budget.Charge(now / WindowMs, now, tokens, _tokens.Lease))
        {
            _ = Refill(_tokens, partition, budget);
        }
    }

    private async ValueTask<RateLimitDecision> ThenRequestsAsync(ValueTask<RateLimitDecision> tokens, string partition)
    {
        var decision = await tokens;
        return decision.Allowed && _requests.Enabled ? await DecideAsync(_requests, partition, consume: true) : decision;
    }

    private bool RedisConnected => _redis.IsConnected;

    private ValueTask<RateLimitDecision> DecideAsync(RateLimitKind kind, string partition, bool consume) =>
        TryDecideNow(kind, partition, consume, out var decision, out var budget)
            ? new(decision)
            : LeaseThenDecideAsync(kind, partition, budget!, consume);

    /// <summary>Decides from this replica's budget (or local share) alone; false, with the budget, when a lease is needed first.</summary>
    private bool TryDecideNow(RateLimitKind kind, string partition, bool consume, out RateLimitDecision decision, out PartitionBudget? budget)
    {
        var now = _time.GetUtcNow().ToUnixTimeMilliseconds();
        budget = null;
        if (!RedisConnected)
        {
            decision = DecideLocally(kind, partition, consume, now);
            return true;
        }
        if (DecidingLocally)
        {
            // Redis is back: the leases decide again (written only on the change, not by every request).
            DecidingLocally = false;
        }
        budget = kind.Budgets.GetOrAdd(partition, static _ => new PartitionBudget());
        switch (budget.TryAdmit(now / WindowMs, now, consume, kind.Lease, out var deniedUntil))
        {
            case BudgetOutcome.Allowed:
                decision = RateLimitDecision.Allow(true);
                return true;
            case BudgetOutcome.AllowedRefill:
                _ = Refill(kind, partition, budget);
                decision = RateLimitDecision.Allow(true);
                return true;
            case BudgetOutcome.Denied:
                decision = Refused(kind, deniedUntil - now, shared: true);
                return true;
            default:
                decision = default;
                return false;
        }
    }

    private async ValueTask<RateLimitDecision> LeaseThenDecideAsync(RateLimitKind kind, string partition, PartitionBudget budget, bool consume)
    {
        for (var round = 0; round < MaxLeaseRounds; round++)
        {
            if (!await Refill(kind, partition, budget))
            {
                return DecideLocally(kind, partition, consume, _time.GetUtcNow().ToUnixTimeMilliseconds());
            }
            if (TryDecideNow(kind, partition, consume, out var decision, out var current))
            {
                return decision;
            }
            budget = current!;
        }
        // Other requests took every slice this one waited for: the caller is at its limit.
        return Refused(kind, 1000, shared: true);
    }

    /// <summary>Joins the lease in flight for this budget, or starts one. True when Redis answered.</summary>
    private Task<bool> Refill(RateLimitKind kind, string partition, PartitionBudget budget)
    {
        var task = budget.BeginRefill(out var started, out var debt);
        if (started)
        {
            _ = LeaseAsync(kind, partition, budget, debt);
        }
        return task;
    }

    private async Task LeaseAsync(RateLimitKind kind, string partition, PartitionBudget budget, long debt)
    {
        var now = _time.GetUtcNow().ToUnixTimeMilliseconds();
        var window = now / WindowMs;
        var elapsed = now % WindowMs;
        var answered = false;
        long granted = 0, deniedUntil = 0;
        try
        {
            // One hash tag per caller and limit: the two windows share a slot, and callers spread over a cluster.
            var tag = $"{{{_prefix}:rl:{kind.RedisName}:{partition}}}";
            var reply = await _redis.RunAsync("rate-limit lease", kind.Name, (Keys: new RedisKey[] { $"{tag}:{window}", $"{tag}:{window - 1}" },
                Values: new RedisValue[] { kind.Limit, kind.Lease, debt, elapsed, WindowMs, ReplicaCount() }),
                static (database, lease) => database.ScriptEvaluateAsync(BudgetLeaseScript.Text, lease.Keys, lease.Values), _redisOptions.OperationTimeout);
            if (!reply.Answered)
            {
                return;
            }
            var result = (RedisResult[])reply.Value!;
            granted = (long)result[0];
            if (granted == 0)
            {
                deniedUntil = now + SlidingWindowEstimate.MillisecondsUntilFree(kind.Limit, (long)result[1], (long)result[2], elapsed, WindowMs);
            }
            answered = true;
            DecidingLocally = false;
        }
        finally
        {
            if (budget.CompleteRefill(answered, window, granted, deniedUntil, debt))
            {
                _ = Refill(kind, partition, budget);
            }
        }
    }

    private RateLimitDecision DecideLocally(RateLimitKind kind, string partition, bool consume, long now)
    {
        DecidingLocally = true;
        return kind.Local.TryAcquire(partition, consume ? 1 : 0)
            ? RateLimitDecision.Allow(false)
            : Refused(kind, WindowMs - now % WindowMs, shared: false);
    }

    private static RateLimitDecision Refused(RateLimitKind kind, long retryAfterMs, bool shared) =>
        new(false, kind.Name, TimeSpan.FromMilliseconds(Math.Max(1, retryAfterMs)), shared);

    private int ReplicaCount() => Math.Max(1, _replicas());

    /// <summary>Drops the budgets of callers not seen for two windows (their unused permits are given up).</summary>
    internal void EvictIdle()
    {
        var before = _time.GetUtcNow().ToUnixTimeMilliseconds() - 2 * WindowMs;
        foreach (var kind in (ReadOnlySpan<RateLimitKind>)[_requests, _tokens])
        {
            foreach (var (partition, budget) in kind.Budgets)
            {
                if (budget.LastUsedMs < before && !budget.Refilling)
                {
                    kind.Budgets.TryRemove(partition, out _);
                }
            }
        }
    }

    public void Dispose()
    {
        _evictor.Dispose();
        _requests.Dispose();
        _tokens.Dispose();
    }
}
