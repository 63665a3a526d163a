using FlexiAI.Options;
using FlexiAI.Redis;
using Microsoft.Extensions.Options;

namespace FlexiAI.Api.Hosting;

/// <summary>
/// Does Redis answer? A connected socket is not enough: a frozen server (paused, or busy in a long script) keeps the
/// connection up and answers nothing. <c>/health</c> asks this: a <c>PING</c> bounded by <c>Redis:OperationTimeout</c>,
/// its answer kept for <see cref="CacheFor"/> so that health polls from many probes send at most one PING a second.
/// </summary>
public sealed class RedisPing(RedisConnection redis, IOptions<FlexiAIOptions> options, TimeProvider timeProvider, ILogger<RedisPing> logger)
{
    /// <summary>How long one PING's answer serves later health requests.</summary>
    public static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(1);

    private readonly RedisAccess _redis = new(redis, timeProvider, logger);
    private readonly Lock _gate = new();
    private Task<bool>? _last;
    private long _startedAt;

    /// <summary>How long a PING may take (<c>Redis:OperationTimeout</c>).</summary>
    public TimeSpan Timeout => options.Value.Redis.OperationTimeout;

    /// <summary>True when Redis answered a PING within the operation timeout (at most <see cref="CacheFor"/> ago).</summary>
    public Task<bool> AnsweringAsync()
    {
        lock (_gate)
        {
            if (_last is null || (_last.IsCompleted && timeProvider.GetElapsedTime(_startedAt) >= CacheFor))
            {
                _startedAt = timeProvider.GetTimestamp();
                _last = PingAsync();
            }
            return _last;
        }
    }

    private async Task<bool> PingAsync()
    {
        var reply = await _redis.RunAsync("PING", "health", 0, static (database, _) => database.PingAsync(), Timeout, quiet: true)
            .ConfigureAwait(false);
        return reply.Answered;
    }
}
