using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace FlexiAI.Redis;

/// <summary>
/// Listens to the breaker channel and applies the other replicas' changes to the mirror when their epoch is newer.
/// Messages about providers not configured here (another deployment sharing the prefix) and this replica's own are
/// ignored; so are those about a provider whose offline change is waiting to be merged.
/// </summary>
internal sealed partial class RedisBreakerSubscriber(RedisBreakerMirror mirror, RedisBreakerScriptRunner scripts,
    IReadOnlySet<string> providers, TimeProvider time, ILogger logger)
{
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(1);

    private long _lastEventAtMs;
    private volatile bool _subscribed;

    /// <summary>Subscribed now (as far as the client knows).</summary>
    public bool Subscribed => _subscribed;

    /// <summary>When the last change from another replica arrived; null before any.</summary>
    public DateTimeOffset? LastEventAt
    {
        get
        {
            var last = Interlocked.Read(ref _lastEventAtMs);
            return last == 0 ? null : DateTimeOffset.FromUnixTimeMilliseconds(last);
        }
    }

    /// <summary>Subscribes, retrying every second until it succeeds; throws <see cref="OperationCanceledException"/> when stopped first.</summary>
    public async Task SubscribeAsync(IConnectionMultiplexer multiplexer, CancellationToken stopping)
    {
        multiplexer.ConnectionFailed += (_, e) =>
        {
            if (e.ConnectionType == ConnectionType.Subscription)
            {
                _subscribed = false;
            }
        };
        while (true)
        {
            stopping.ThrowIfCancellationRequested();
            try
            {
                var queue = await multiplexer.GetSubscriber().SubscribeAsync(RedisChannel.Literal(scripts.Keys.Channel)).ConfigureAwait(false);
                queue.OnMessage(OnMessage);
                multiplexer.ConnectionRestored += (_, e) =>
                {
                    if (e.ConnectionType == ConnectionType.Subscription)
                    {
                        _subscribed = true;
                    }
                };
                _subscribed = multiplexer.IsConnected;
                return;
            }
            catch (RedisException exception)
            {
                LogSubscribeFailed(logger, exception.Message);
                await Task.Delay(RetryDelay, time, stopping).ConfigureAwait(false);
            }
        }
    }

    private void OnMessage(ChannelMessage message)
    {
        if (!RedisBreakerCodec.TryReadMessage(((byte[])message.Message!).AsSpan(), out var provider, out var origin, out var state))
        {
            LogBadMessage(logger);
            return;
        }
        _subscribed = true;
        if (origin == scripts.Origin || !providers.Contains(provider))
        {
            return;
        }
        Interlocked.Exchange(ref _lastEventAtMs, time.GetUtcNow().ToUnixTimeMilliseconds());
        if (!mirror.IsOffline(provider))
        {
            mirror.TryApply(provider, state, force: false);
        }
    }

    [LoggerMessage(EventId = 315, Level = LogLevel.Warning, Message = "Subscribing to breaker events failed ({Reason}); retrying")]
    private static partial void LogSubscribeFailed(ILogger logger, string reason);

    [LoggerMessage(EventId = 316, Level = LogLevel.Warning, Message = "Ignored a breaker event that could not be read")]
    private static partial void LogBadMessage(ILogger logger);
}
