using System.Collections.Concurrent;
using System.Globalization;
using System.Threading.RateLimiting;
using FlexiAI.Api.Hosting;
using FlexiAI.Options;
using FlexiAI.Redis;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace FlexiAI.Api.RateLimiting;

/// <summary>
/// Requests and tokens per minute per caller, one limit for the whole cluster: a sliding window approximated from two
/// fixed one-minute windows (the previous one weighted by how much of it still overlaps), counted in Redis by one script
/// per decision. When Redis cannot answer within <see cref="SyncOptions.OperationTimeout"/>, this replica enforces its
/// share locally with <see cref="SlidingWindowRateLimiter"/>s: the limit divided by the live replicas it last saw.
/// </summary>
public sealed partial class DistributedRateLimiter(
    RedisConnection redis,
    ReplicaRegistry replicas,
    IOptions<FlexiAIOptions> options,
    TimeProvider time,
    ILogger<DistributedRateLimiter> logger) : IDisposable
{
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(1);

    /// <summary>KEYS: current window, previous window. ARGV: limit, cost, elapsed ms in window, window ms. Returns {allowed, count}.</summary>
    private const string Script = """
        local current = tonumber(redis.call('GET', KEYS[1]) or '0')
        local previous = tonumber(redis.call('GET', KEYS[2]) or '0')
        local window = tonumber(ARGV[4])
        local weighted = previous * (window - tonumber(ARGV[3])) / window + current
        local cost = tonumber(ARGV[2])
        if cost > 0 and weighted + cost > tonumber(ARGV[1]) then return {0, math.floor(weighted)} end
        if cost == 0 and weighted >= tonumber(ARGV[1]) then return {0, math.floor(weighted)} end
        if cost > 0 then
          redis.call('INCRBY', KEYS[1], cost)
          redis.call('PEXPIRE', KEYS[1], window * 2)
        end
        return {1, math.floor(weighted + cost)}
        """;

    private readonly RateLimitOptions _limits = options.Value.RateLimit;
    private readonly SyncOptions _sync = options.Value.Sync;
    private readonly string _prefix = options.Value.Sync.KeyPrefix;
    private readonly ConcurrentDictionary<string, SlidingWindowRateLimiter> _localRequests = new();
    private readonly ConcurrentDictionary<string, SlidingWindowRateLimiter> _localTokens = new();

    public bool Enabled => _limits.Enabled;

    /// <summary>True when the last decision had to be made locally (Redis unreachable).</summary>
    public bool DecidingLocally { get; private set; }

    /// <summary>Admits one request for <paramref name="partition"/>: counts it against requests per minute, and checks tokens per minute.</summary>
    public async ValueTask<RateLimitDecision> AcquireAsync(string partition)
    {
        if (_limits.RequestsPerMinute > 0)
        {
            var requests = await DecideAsync("req", partition, _limits.RequestsPerMinute, cost: 1);
            if (!requests.Allowed)
            {
                return requests;
            }
        }
        if (_limits.TokensPerMinute > 0)
        {
            return await DecideAsync("tok", partition, _limits.TokensPerMinute, cost: 0);
        }
        return RateLimitDecision.Allow(!DecidingLocally);
    }

    /// <summary>Counts the tokens an answer used (after it was sent): they count against the caller's next requests.</summary>
    public void AddTokens(string partition, long tokens)
    {
        if (_limits.TokensPerMinute <= 0 || tokens <= 0)
        {
            return;
        }
        _ = DecideAsync("tok", partition, long.MaxValue / 2, tokens).AsTask();
    }

    private async ValueTask<RateLimitDecision> DecideAsync(string kind, string partition, long limit, long cost)
    {
        var now = time.GetUtcNow();
        var windowIndex = now.ToUnixTimeMilliseconds() / (long)Window.TotalMilliseconds;
        var elapsed = now.ToUnixTimeMilliseconds() % (long)Window.TotalMilliseconds;
        var retryAfter = Window - TimeSpan.FromMilliseconds(elapsed);
        if (redis.Multiplexer is { IsConnected: true } multiplexer)
        {
            // One hash tag per caller and kind: the two windows share a slot, and callers spread over a cluster.
            var tag = $"{{{_prefix}:rl:{kind}:{partition}}}";
            try
            {
                var result = (RedisResult[])(await multiplexer.GetDatabase().ScriptEvaluateAsync(Script,
                    [$"{tag}:{windowIndex}", $"{tag}:{windowIndex - 1}"],
                    [limit, cost, elapsed, (long)Window.TotalMilliseconds]).WaitAsync(_sync.OperationTimeout, time))!;
                DecidingLocally = false;
                return (long)result[0] == 1 ? RateLimitDecision.Allow(true) : new RateLimitDecision(false, Name(kind), retryAfter, true);
            }
            catch (Exception exception) when (exception is RedisException or TimeoutException)
            {
                LogFallback(logger, exception.Message);
            }
        }
        DecidingLocally = true;
        return DecideLocally(kind, partition, limit, cost, retryAfter);
    }

    private RateLimitDecision DecideLocally(string kind, string partition, long limit, long cost, TimeSpan retryAfter)
    {
        var share = (int)Math.Max(1, Math.Min(int.MaxValue, limit / Math.Max(1, replicas.LastKnownReplicaCount)));
        var limiters = kind == "req" ? _localRequests : _localTokens;
        var limiter = limiters.GetOrAdd(partition, _ => new SlidingWindowRateLimiter(new SlidingWindowRateLimiterOptions
        {
            PermitLimit = share,
            Window = Window,
            SegmentsPerWindow = 6,
            QueueLimit = 0,
            AutoReplenishment = true,
        }));
        if (cost == 0)
        {
            return limiter.GetStatistics()?.CurrentAvailablePermits > 0
                ? RateLimitDecision.Allow(false) : new RateLimitDecision(false, Name(kind), retryAfter, false);
        }
        using var lease = limiter.AttemptAcquire((int)Math.Min(cost, share));
        return lease.IsAcquired ? RateLimitDecision.Allow(false) : new RateLimitDecision(false, Name(kind), retryAfter, false);
    }

    private static string Name(string kind) => kind == "req" ? "requests" : "tokens";

    public void Dispose()
    {
        foreach (var limiter in _localRequests.Values.Concat(_localTokens.Values))
        {
            limiter.Dispose();
        }
    }

    [LoggerMessage(EventId = 600, Level = LogLevel.Warning, Message = "Rate limit decided on this replica's share: Redis did not answer ({Reason})")]
    private static partial void LogFallback(ILogger logger, string reason);
}

internal static class RateLimitFormatting
{
    public static string Seconds(TimeSpan value) => Math.Max(1, (int)Math.Ceiling(value.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
}
