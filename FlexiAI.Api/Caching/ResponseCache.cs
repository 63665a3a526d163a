using FlexiAI.Api.OpenAI;
using FlexiAI.Api.Security;
using FlexiAI.Options;
using FlexiAI.Redis;
using FlexiAI.Telemetry;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace FlexiAI.Api.Caching;

/// <summary>
/// Complete answers of <c>POST /v1/chat/completions</c> and <c>POST /v1/messages</c> (keyed apart, <see cref="CachedApi"/>), in Redis so every replica shares them, each under
/// <c>{prefix:cache:hash}:json|sse|sse-usage</c> (<see cref="CanonicalRequest"/>; the hash tag keeps an entry's forms in
/// one Redis Cluster slot and spreads entries over the cluster) with the route's TTL. Only whole 200 answers and
/// streams that ended with <c>[DONE]</c> are stored, up to <see cref="CacheOptions.MaxEntryBytes"/>.
/// </summary>
/// <remarks>
/// Never in the way: Redis disconnected means a miss at once; a lookup or store waits at most
/// <see cref="RedisOptions.OperationTimeout"/>, then the cache is skipped (<c>flexiai.cache.errors</c>). A miss stores its
/// answer before the answer's end reaches the caller (a whole answer before it is written, a stream before its
/// <c>[DONE]</c>), so once a caller has an answer, the same request on any replica is a hit: servers that run
/// connections in parallel (Garnet) give no order between one client's SET and another's GET otherwise.
/// </remarks>
public sealed partial class ResponseCache
{
    private readonly RedisAccess _redis;
    private readonly FlexiAITelemetry _telemetry;
    private readonly ILogger<ResponseCache> _logger;
    private readonly string _prefix;
    private readonly TimeSpan _timeout;

    public ResponseCache(RedisConnection redis, IOptions<FlexiAIOptions> options, TimeProvider time, FlexiAITelemetry telemetry, ILogger<ResponseCache> logger)
    {
        _redis = new RedisAccess(redis, time, logger);
        _telemetry = telemetry;
        _logger = logger;
        Options = options.Value.Cache;
        RouteTtls = new Dictionary<string, TimeSpan>(Options.Routes, StringComparer.OrdinalIgnoreCase);
        _prefix = options.Value.Redis.KeyPrefix;
        _timeout = options.Value.Redis.OperationTimeout;
        if (!redis.Configured && (Options.Enabled || Options.Routes.Count > 0))
        {
            LogNoRedis(logger);
        }
    }

    public CacheOptions Options { get; }

    /// <summary><see cref="CacheOptions.Routes"/>, looked up without regard to case (as routes are).</summary>
    internal IReadOnlyDictionary<string, TimeSpan> RouteTtls { get; }

    /// <summary>
    /// The entry for a request: for a whole answer its JSON form; for a stream the stored stream of the same
    /// <c>include_usage</c>, else the JSON form (replayed as chunks). Null on a miss, or when Redis cannot answer in time.
    /// </summary>
    internal async ValueTask<CachedAnswer?> LookupAsync(string hash, bool streaming, bool includeUsage)
    {
        if (!streaming)
        {
            var json = await _redis.RunAsync("cache lookup", "response cache", (RedisKey)Key(hash, CacheEntryKind.Json),
                static (database, key) => database.StringGetAsync(key), _timeout).ConfigureAwait(false);
            return json.Answered ? Decode(json.Value, CacheEntryKind.Json) : Missed("lookup", json.Outcome);
        }
        var stream = includeUsage ? CacheEntryKind.SseWithUsage : CacheEntryKind.Sse;
        var both = await _redis.RunAsync("cache lookup", "response cache", new RedisKey[] { Key(hash, stream), Key(hash, CacheEntryKind.Json) },
            static (database, keys) => database.StringGetAsync(keys), _timeout).ConfigureAwait(false);
        return both.Answered ? Decode(both.Value![0], stream) ?? Decode(both.Value[1], CacheEntryKind.Json) : Missed("lookup", both.Outcome);
    }

    /// <summary>
    /// Stores a complete answer; skipped when too large or Redis is down. Never throws, and waits at most
    /// <see cref="RedisOptions.OperationTimeout"/>.
    /// </summary>
    internal Task StoreAsync(string hash, CacheEntryKind kind, string provider, string contentType, ReadOnlySpan<byte> body, TimeSpan ttl)
    {
        if (body.Length > Options.MaxEntryBytes)
        {
            LogTooLarge(_logger, body.Length, Options.MaxEntryBytes);
            return Task.CompletedTask;
        }
        return SetAsync(Key(hash, kind), CacheEntryCodec.Encode(provider, contentType, body), ttl);
    }

    /// <summary>
    /// Applies a request's cache decision: a hit's result, or (on a miss that may be stored) the key to store the answer
    /// under. Sets <c>x-flexiai-cache: miss|bypass</c>; a hit sets <c>hit</c> when written.
    /// </summary>
    /// <param name="context">The request.</param>
    /// <param name="decision">What the configuration and the request's headers say.</param>
    /// <param name="body">The request body (its canonical form is the key, <see cref="CanonicalRequest"/>).</param>
    /// <param name="model">The route or model the request named.</param>
    /// <param name="stream">Whether the request asks for a stream.</param>
    /// <param name="includeUsage">Chat Completions' <c>stream_options.include_usage</c>.</param>
    /// <param name="api">The API of the request.</param>
    internal async ValueTask<(IResult? Hit, string? StoreKey)> UseAsync(HttpContext context, CacheDecision decision, ReadOnlyMemory<byte> body,
        string model, bool stream, bool includeUsage, CachedApi api)
    {
        if (decision.Mode == CacheMode.Off)
        {
            return (null, null);
        }
        if (decision.Mode == CacheMode.Bypass)
        {
            Count("bypass");
            context.Response.Headers[CacheDecision.Header] = "bypass";
            return (null, null);
        }
        var key = CanonicalRequest.Hash(body, model, RequestCaller.Of(context)?.KeyId, api);
        if (decision.LooksUp && await LookupAsync(key, stream, includeUsage).ConfigureAwait(false) is { } answer &&
            CachedAnswerResult.For(answer, stream, includeUsage, api) is { } hit)
        {
            Count("hit");
            return (hit, null);
        }
        Count("miss");
        context.Response.Headers[CacheDecision.Header] = "miss";
        return (null, key);
    }

    /// <summary>Wraps an opening stream so that, once it has ended with its final event, it is stored under <paramref name="key"/>.</summary>
    internal async Task<IChatEventStream> KeepStreamAsync(Task<IChatEventStream> opening, string key, CacheEntryKind kind, string provider,
        TimeSpan ttl, CachedApi api) =>
        new CachingEventStream(await opening.ConfigureAwait(false), Options.MaxEntryBytes,
            events => StoreAsync(key, kind, provider, "text/event-stream", events.Span, ttl), api);

    internal void Count(string result) => _telemetry.CacheRequests.Add(1, new KeyValuePair<string, object?>("result", result));

    private async Task SetAsync(string key, byte[] entry, TimeSpan ttl)
    {
        var stored = await _redis.RunAsync("cache store", "response cache", (key, entry, ttl),
            static (database, set) => database.StringSetAsync(set.key, set.entry, set.ttl), _timeout).ConfigureAwait(false);
        if (!stored.Answered)
        {
            Missed("store", stored.Outcome);
        }
    }

    /// <summary>Counts a lookup or store Redis could not serve (<c>flexiai.cache.errors</c>); none when Redis is not configured.</summary>
    private CachedAnswer? Missed(string operation, RedisOutcome outcome)
    {
        if (outcome != RedisOutcome.NotConnected || _redis.Configured)
        {
            CountError(operation);
        }
        return null;
    }

    private static CachedAnswer? Decode(RedisValue value, CacheEntryKind kind) =>
        value.HasValue ? CacheEntryCodec.Decode((byte[])value!, kind) : null;

    private string Key(string hash, CacheEntryKind kind) => kind switch
    {
        CacheEntryKind.Json => $"{{{_prefix}:cache:{hash}}}:json",
        CacheEntryKind.Sse => $"{{{_prefix}:cache:{hash}}}:sse",
        _ => $"{{{_prefix}:cache:{hash}}}:sse-usage",
    };

    private void CountError(string operation) => _telemetry.CacheErrors.Add(1, new KeyValuePair<string, object?>("operation", operation));

    [LoggerMessage(EventId = 700, Level = LogLevel.Warning,
        Message = "The response cache is configured (FlexiAI:Cache) but there is no Redis connection string: every request is a miss")]
    private static partial void LogNoRedis(ILogger logger);



    [LoggerMessage(EventId = 703, Level = LogLevel.Debug, Message = "Answer of {Bytes} bytes not cached: over FlexiAI:Cache:MaxEntryBytes ({Max})")]
    private static partial void LogTooLarge(ILogger logger, int bytes, int max);
}
