using System.Collections.Concurrent;
using FlexiAI.Breakers;
using FlexiAI.Options;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace FlexiAI.Redis;

/// <summary>
/// Breaker state shared by every replica through Redis.
/// <list type="bullet">
/// <item>Reads come from a local mirror (an <see cref="InMemoryBreakerStateStore"/>): routing never waits on Redis, and a
/// success on a CLOSED breaker with no failures to clear costs no round trip.</item>
/// <item>Every change is one Lua script (<see cref="RedisBreakerScripts"/>): failures are counted once for the cluster,
/// one writer wins each transition, and each change gets a higher epoch. The result is applied to the mirror and
/// published; other replicas apply it if its epoch is newer than theirs.</item>
/// <item>A replica reads the whole state when it starts, when its connection comes back, and every
/// <see cref="SyncOptions.ReconcileInterval"/>, which repairs lost messages.</item>
/// <item>Probes in HALF_OPEN are leases in a sorted set with expiry: at most <c>HalfOpenMaxCalls</c> for the cluster, and a
/// replica that dies mid-probe only holds its slot until the lease expires.</item>
/// <item>When Redis is unreachable (or slower than <see cref="SyncOptions.OperationTimeout"/>) the change is made on the
/// mirror alone and the provider is marked as changed-offline. The next reconcile merges: a breaker opened offline
/// stays open for everyone; otherwise Redis's state wins. If Redis lost its data, replicas write theirs back.</item>
/// </list>
/// </summary>
public sealed partial class RedisBreakerStateStore : IBreakerStateStore, IAsyncDisposable, IDisposable
{
    private static readonly TimeSpan ReconcileOperationTimeout = TimeSpan.FromSeconds(2);

    private readonly RedisConnection _connection;
    private readonly InMemoryBreakerStateStore _mirror;
    private readonly CircuitBreakerOptions _breaker;
    private readonly SyncOptions _sync;
    private readonly TimeProvider _time;
    private readonly ILogger<RedisBreakerStateStore> _logger;
    private readonly RedisBreakerKeys _keys;
    private readonly string[] _providers;
    private readonly HashSet<string> _known;
    private readonly string _ttl;
    private readonly string _origin = Guid.NewGuid().ToString("N")[..12];
    private readonly ConcurrentDictionary<string, long> _offlineChanges = new(StringComparer.OrdinalIgnoreCase);
    private readonly SemaphoreSlim _reconcileGate = new(1, 1);
    private readonly CancellationTokenSource _stopping = new();
    private readonly ITimer _reconcileTimer;
    private long _offlineMarks;
    private long _lastEventAtMs;
    private volatile bool _subscribed;

    public RedisBreakerStateStore(RedisConnection connection, IOptions<FlexiAIOptions> options, TimeProvider timeProvider,
        ILogger<RedisBreakerStateStore> logger)
    {
        _connection = connection;
        _mirror = new InMemoryBreakerStateStore(options, timeProvider);
        _mirror.StateChanged += (_, change) => StateChanged?.Invoke(this, change);
        _breaker = options.Value.CircuitBreaker;
        _sync = options.Value.Sync;
        _time = timeProvider;
        _logger = logger;
        _keys = new RedisBreakerKeys(_sync.KeyPrefix);
        _providers = [.. options.Value.Providers.Select(p => p.Name)];
        _known = new HashSet<string>(_providers, StringComparer.OrdinalIgnoreCase);
        _ttl = RedisBreakerCodec.Number((long)_sync.StateTtl.TotalMilliseconds);
        _reconcileTimer = timeProvider.CreateTimer(_ => _ = ReconcileAllAsync(), null, _sync.ReconcileInterval, _sync.ReconcileInterval);
        _ = StartAsync();
    }

    public event EventHandler<BreakerStateChangedEventArgs>? StateChanged;

    public BreakerSyncStatus SyncStatus
    {
        get
        {
            var last = Interlocked.Read(ref _lastEventAtMs);
            return new BreakerSyncStatus(true, _subscribed && _connection.IsConnected,
                last == 0 ? null : DateTimeOffset.FromUnixTimeMilliseconds(last));
        }
    }

    public BreakerState GetState(string provider) => _mirror.GetState(provider);

    public async ValueTask<BreakerState> RecordFailureAsync(string provider, BreakerFailure failure, CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        if (!IsOffline(provider))
        {
            var result = await EvaluateAsync(provider, RedisBreakerScripts.RecordFailure, [_keys.Breaker(provider)],
            [
                RedisBreakerCodec.Ms(now), BreakerTransitions.FailureThreshold(failure, _breaker),
                RedisBreakerCodec.Ms(now + BreakerTransitions.OpenDuration(failure, _breaker)),
                failure.RetryAfter is { } retryAfter ? RedisBreakerCodec.Ms(now + retryAfter) : "", failure.Description, _ttl,
            ]).ConfigureAwait(false);
            if (result is { } r)
            {
                return Apply(provider, r.State, r.Changed);
            }
        }
        MarkOffline(provider);
        return await _mirror.RecordFailureAsync(provider, failure, cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask<BreakerState> RecordSuccessAsync(string provider, CancellationToken cancellationToken)
    {
        if (!IsOffline(provider))
        {
            var result = await EvaluateAsync(provider, RedisBreakerScripts.RecordSuccess, [_keys.Breaker(provider)],
                [RedisBreakerCodec.Ms(_time.GetUtcNow()), _ttl]).ConfigureAwait(false);
            if (result is { } r)
            {
                return Apply(provider, r.State, r.Changed);
            }
        }
        MarkOffline(provider);
        return await _mirror.RecordSuccessAsync(provider, cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask<ProbeLease?> TryAcquireProbeAsync(string provider, TimeSpan leaseDuration, CancellationToken cancellationToken)
    {
        // Probes are single-flight for the whole cluster: while Redis is reachable the lease is always taken there, even
        // for a provider whose other changes are waiting to be merged.
        if (_connection.IsConnected)
        {
            var now = _time.GetUtcNow();
            var id = Guid.NewGuid().ToString("N");
            var expires = now + leaseDuration;
            var result = await EvaluateAsync(provider, RedisBreakerScripts.TryAcquireProbe, [_keys.Breaker(provider), _keys.Probes(provider)],
                [RedisBreakerCodec.Ms(now), _breaker.HalfOpenMaxCalls, RedisBreakerCodec.Ms(expires), id, _ttl],
                onTimeout: evaluation => AbandonLease(provider, id, evaluation)).ConfigureAwait(false);
            if (result is { } r)
            {
                Apply(provider, r.State, r.Changed);
                return r.Granted ? new ProbeLease(provider, id, expires) { Shared = true } : null;
            }
            // Redis is up but slow: another replica may hold the probe. Skipping this provider once is cheaper than a
            // second probe to a provider that may still be down.
            return null;
        }
        MarkOffline(provider);
        return await _mirror.TryAcquireProbeAsync(provider, leaseDuration, cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask<BreakerState> CompleteProbeAsync(ProbeLease lease, BreakerFailure? failure, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(lease);
        var provider = lease.Provider;
        if (lease.Shared && _connection.IsConnected)
        {
            var now = _time.GetUtcNow();
            var wait = failure is { } f ? BreakerTransitions.OpenDuration(f, _breaker) : _breaker.RecoveryTimeout;
            var result = await EvaluateAsync(provider, RedisBreakerScripts.CompleteProbe, [_keys.Breaker(provider), _keys.Probes(provider)],
            [
                lease.Id, failure is null ? "1" : "0", RedisBreakerCodec.Ms(now), RedisBreakerCodec.Ms(now + wait),
                failure?.Description ?? "", _ttl,
            ]).ConfigureAwait(false);
            if (result is { } r)
            {
                return Apply(provider, r.State, r.Changed);
            }
        }
        if (lease.Shared)
        {
            // The shared lease cannot be reached: decide on the mirror, which the next reconcile merges.
            MarkOffline(provider);
            var now = _time.GetUtcNow();
            var current = _mirror.GetState(provider);
            if (current.State == CircuitState.HalfOpen)
            {
                _mirror.TryApply(provider, BreakerTransitions.OnProbeCompleted(current, failure, now, _breaker), force: true);
            }
            return _mirror.GetState(provider);
        }
        return await _mirror.CompleteProbeAsync(lease, failure, cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask<BreakerState> ResetAsync(string provider, CancellationToken cancellationToken)
    {
        var result = await EvaluateAsync(provider, RedisBreakerScripts.Reset, [_keys.Breaker(provider), _keys.Probes(provider)],
            [RedisBreakerCodec.Ms(_time.GetUtcNow()), _ttl], ReconcileOperationTimeout).ConfigureAwait(false);
        if (result is { } r)
        {
            ClearOffline(provider);
            return Apply(provider, r.State, r.Changed, force: true);
        }
        MarkOffline(provider);
        return await _mirror.ResetAsync(provider, cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask<BreakerState> ForceOpenAsync(string provider, string reason, CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        var result = await EvaluateAsync(provider, RedisBreakerScripts.ForceOpen, [_keys.Breaker(provider), _keys.Probes(provider)],
            [RedisBreakerCodec.Ms(now), RedisBreakerCodec.Ms(now + _breaker.RecoveryTimeout), reason, _ttl], ReconcileOperationTimeout)
            .ConfigureAwait(false);
        if (result is { } r)
        {
            ClearOffline(provider);
            return Apply(provider, r.State, r.Changed, force: true);
        }
        MarkOffline(provider);
        return await _mirror.ForceOpenAsync(provider, reason, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Reads every provider's shared state and merges it into the mirror (see the class remarks).</summary>
    public async Task ReconcileAllAsync()
    {
        if (_connection.Multiplexer is not { IsConnected: true } || _stopping.IsCancellationRequested)
        {
            return;
        }
        try
        {
            if (!await _reconcileGate.WaitAsync(0).ConfigureAwait(false))
            {
                return;
            }
            try
            {
                await Task.WhenAll(_providers.Select(ReconcileAsync)).ConfigureAwait(false);
            }
            finally
            {
                _reconcileGate.Release();
            }
        }
        catch (ObjectDisposedException)
        {
            // A timer tick or a reconnect raced the store's disposal: nothing left to reconcile.
        }
    }

    private async Task ReconcileAsync(string provider)
    {
        var multiplexer = _connection.Multiplexer;
        if (multiplexer is not { IsConnected: true })
        {
            return;
        }
        var offlineMark = _offlineChanges.GetValueOrDefault(provider);
        BreakerState remote;
        try
        {
            var fields = await multiplexer.GetDatabase()
                .HashGetAsync(_keys.Breaker(provider), ["s", "f", "e", "lf", "oa", "ra", "le"])
                .WaitAsync(ReconcileOperationTimeout, _time).ConfigureAwait(false);
            remote = RedisBreakerCodec.FromFields(fields[0], fields[1], fields[2], fields[3], fields[4], fields[5], fields[6]);
        }
        catch (Exception exception) when (exception is RedisException or TimeoutException)
        {
            LogReconcileFailed(_logger, provider, exception.Message);
            return;
        }

        var local = _mirror.GetState(provider);
        var now = _time.GetUtcNow();
        if (offlineMark != 0)
        {
            // Changed while Redis was out of reach: an open breaker is not forgotten; otherwise the cluster's state wins.
            if (local.State == CircuitState.Open && (remote.State != CircuitState.Open || remote.RetryAt < local.RetryAt))
            {
                var adopted = await EvaluateAsync(provider, RedisBreakerScripts.AdoptOpen, [_keys.Breaker(provider)],
                [
                    RedisBreakerCodec.Ms(now), local.ConsecutiveFailures, RedisBreakerCodec.Ms(local.LastFailureTime),
                    RedisBreakerCodec.Ms(local.OpenedAt), RedisBreakerCodec.Ms(local.RetryAt), local.LastError ?? "", _ttl,
                ], ReconcileOperationTimeout).ConfigureAwait(false);
                if (adopted is null)
                {
                    return;
                }
                remote = adopted.Value.State;
                Publish(provider, remote, adopted.Value.Changed);
            }
            _mirror.TryApply(provider, remote, force: true);
            _offlineChanges.TryUpdate(provider, 0, offlineMark);
            LogMerged(_logger, provider, remote.State.ToWire(), remote.Epoch);
        }
        else if (remote.Epoch > local.Epoch)
        {
            if (_mirror.TryApply(provider, remote, force: false))
            {
                LogRepaired(_logger, provider, remote.State.ToWire(), remote.Epoch);
            }
        }
        else if (remote.Epoch < local.Epoch)
        {
            // Redis lost this state (restarted without persistence, flushed, expired): write ours back.
            var seeded = await EvaluateAsync(provider, RedisBreakerScripts.Seed, [_keys.Breaker(provider)],
            [
                (int)local.State, local.ConsecutiveFailures, local.Epoch, RedisBreakerCodec.Ms(local.LastFailureTime),
                RedisBreakerCodec.Ms(local.OpenedAt), RedisBreakerCodec.Ms(local.RetryAt), local.LastError ?? "", _ttl,
            ], ReconcileOperationTimeout).ConfigureAwait(false);
            if (seeded is { } s)
            {
                Apply(provider, s.State, s.Changed);
            }
        }
    }

    private async Task StartAsync()
    {
        IConnectionMultiplexer multiplexer;
        try
        {
            multiplexer = await _connection.Created.ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is RedisException or InvalidOperationException or ArgumentException)
        {
            return;
        }
        multiplexer.ConnectionRestored += (_, _) => _ = ReconcileAllAsync();
        multiplexer.ConnectionFailed += (_, e) =>
        {
            if (e.ConnectionType == ConnectionType.Subscription)
            {
                _subscribed = false;
            }
        };

        while (!_stopping.IsCancellationRequested)
        {
            try
            {
                var queue = await multiplexer.GetSubscriber().SubscribeAsync(RedisChannel.Literal(_keys.Channel)).ConfigureAwait(false);
                queue.OnMessage(OnMessage);
                multiplexer.ConnectionRestored += (_, e) =>
                {
                    if (e.ConnectionType == ConnectionType.Subscription)
                    {
                        _subscribed = true;
                    }
                };
                _subscribed = multiplexer.IsConnected;
                break;
            }
            catch (RedisException exception)
            {
                LogSubscribeFailed(_logger, exception.Message);
                try
                {
                    await Task.Delay(TimeSpan.FromSeconds(1), _time, _stopping.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
        await ReconcileAllAsync().ConfigureAwait(false);
    }

    private void OnMessage(ChannelMessage message)
    {
        if (!RedisBreakerCodec.TryReadMessage(((byte[])message.Message!).AsSpan(), out var provider, out var origin, out var state))
        {
            LogBadMessage(_logger);
            return;
        }
        _subscribed = true;
        // Another deployment sharing the prefix, or a replica with other providers: no state for names not configured here.
        if (origin == _origin || !_known.Contains(provider))
        {
            return;
        }
        Interlocked.Exchange(ref _lastEventAtMs, _time.GetUtcNow().ToUnixTimeMilliseconds());
        if (!IsOffline(provider))
        {
            _mirror.TryApply(provider, state, force: false);
        }
    }

    private BreakerState Apply(string provider, BreakerState state, bool changed, bool force = false)
    {
        _mirror.TryApply(provider, state, force);
        Publish(provider, state, changed);
        return _mirror.GetState(provider);
    }

    private void Publish(string provider, BreakerState state, bool changed)
    {
        if (!changed || _connection.Multiplexer is not { } multiplexer)
        {
            return;
        }
        try
        {
            multiplexer.GetSubscriber().Publish(RedisChannel.Literal(_keys.Channel),
                RedisBreakerCodec.Message(provider, _origin, state), CommandFlags.FireAndForget);
        }
        catch (RedisException exception)
        {
            // The periodic reconcile delivers what this message would have.
            LogPublishFailed(_logger, provider, exception.Message);
        }
    }

    /// <summary>
    /// The probe script did not answer within the operation timeout, so this replica skipped the provider; the script may
    /// still run when Redis wakes up and grant a lease to nobody, which would block the cluster's probes for the lease's
    /// life. A removal of that lease is queued at once on the same connection, so Redis runs it after the script whatever
    /// happens to the reply (the client may give up on it: its own timeout is shorter than a long freeze). A reply that
    /// does arrive and says "granted" removes it again, in case the script was re-sent after the removal.
    /// </summary>
    private void AbandonLease(string provider, string leaseId, Task<RedisResult> evaluation)
    {
        if (_connection.Multiplexer is not { } multiplexer)
        {
            return;
        }
        RedisKey probes = _keys.Probes(provider);
        try
        {
            multiplexer.GetDatabase().SortedSetRemove(probes, leaseId, CommandFlags.FireAndForget);
        }
        catch (RedisException exception)
        {
            // Not even queued: the reply below, or the lease's expiry, ends it.
            LogRedisFailed(_logger, provider, exception.Message);
        }
        _ = evaluation.ContinueWith(late =>
        {
            if (late.IsCompletedSuccessfully)
            {
                ReleaseLateLease(multiplexer, probes, provider, leaseId, late.Result);
            }
            else
            {
                // The client gave up on the reply (its own timeout, or the connection closed): observed, nothing to do.
                _ = late.Exception;
            }
        }, CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);
    }

    private void ReleaseLateLease(IConnectionMultiplexer multiplexer, RedisKey probes, string provider, string leaseId, RedisResult late)
    {
        if (!RedisBreakerCodec.FromScript(late).Granted)
        {
            return;
        }
        _ = ReleaseAsync();

        async Task ReleaseAsync()
        {
            try
            {
                await multiplexer.GetDatabase().SortedSetRemoveAsync(probes, leaseId).ConfigureAwait(false);
                LogLateLeaseReleased(_logger, provider);
            }
            catch (Exception exception) when (exception is RedisException or TimeoutException)
            {
                // The removal queued at the timeout, or the lease's expiry, ends it.
                LogRedisFailed(_logger, provider, exception.Message);
            }
        }
    }

    /// <param name="onTimeout">Called with the pending script when the timeout passes (the script may still run).</param>
    private async Task<(BreakerState State, bool Changed, bool Granted)?> EvaluateAsync(string provider, string script,
        RedisKey[] keys, RedisValue[] values, TimeSpan? timeout = null, Action<Task<RedisResult>>? onTimeout = null)
    {
        if (_connection.Multiplexer is not { IsConnected: true } multiplexer)
        {
            return null;
        }
        Task<RedisResult>? evaluation = null;
        try
        {
            evaluation = multiplexer.GetDatabase().ScriptEvaluateAsync(script, keys, values);
            var result = await evaluation.WaitAsync(timeout ?? _sync.OperationTimeout, _time).ConfigureAwait(false);
            return RedisBreakerCodec.FromScript(result);
        }
        catch (TimeoutException)
        {
            LogSlow(_logger, provider, (timeout ?? _sync.OperationTimeout).TotalMilliseconds);
            if (onTimeout is not null && evaluation is not null)
            {
                onTimeout(evaluation);
            }
            return null;
        }
        catch (RedisException exception)
        {
            LogRedisFailed(_logger, provider, exception.Message);
            return null;
        }
    }

    private bool IsOffline(string provider) => _offlineChanges.GetValueOrDefault(provider) != 0;

    private void MarkOffline(string provider)
    {
        _offlineChanges[provider] = Interlocked.Increment(ref _offlineMarks);
        if (_connection.IsConnected)
        {
            // Redis answers again (this was a slow call): merge soon rather than at the next interval.
            _ = ReconcileAllAsync();
        }
    }

    private void ClearOffline(string provider) => _offlineChanges[provider] = 0;

    public void Dispose()
    {
        _stopping.Cancel();
        _reconcileTimer.Dispose();
        _stopping.Dispose();
        _reconcileGate.Dispose();
    }

    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }

    [LoggerMessage(EventId = 318, Level = LogLevel.Information,
        Message = "Released a probe lease for provider {Provider} that Redis granted after the operation timeout")]
    private static partial void LogLateLeaseReleased(ILogger logger, string provider);

    [LoggerMessage(EventId = 310, Level = LogLevel.Warning, Message = "Redis did not answer within {TimeoutMs} ms for provider {Provider}; deciding locally")]
    private static partial void LogSlow(ILogger logger, string provider, double timeoutMs);

    [LoggerMessage(EventId = 311, Level = LogLevel.Warning, Message = "Redis call for provider {Provider} failed ({Reason}); deciding locally")]
    private static partial void LogRedisFailed(ILogger logger, string provider, string reason);

    [LoggerMessage(EventId = 312, Level = LogLevel.Warning, Message = "Reconciling provider {Provider} with Redis failed: {Reason}")]
    private static partial void LogReconcileFailed(ILogger logger, string provider, string reason);

    [LoggerMessage(EventId = 313, Level = LogLevel.Information, Message = "Provider {Provider}: merged the state decided while Redis was unreachable; now {State} (epoch {Epoch})")]
    private static partial void LogMerged(ILogger logger, string provider, string state, long epoch);

    [LoggerMessage(EventId = 314, Level = LogLevel.Information, Message = "Provider {Provider}: reconcile applied a missed change, {State} (epoch {Epoch})")]
    private static partial void LogRepaired(ILogger logger, string provider, string state, long epoch);

    [LoggerMessage(EventId = 315, Level = LogLevel.Warning, Message = "Subscribing to breaker events failed ({Reason}); retrying")]
    private static partial void LogSubscribeFailed(ILogger logger, string reason);

    [LoggerMessage(EventId = 316, Level = LogLevel.Warning, Message = "Ignored a breaker event that could not be read")]
    private static partial void LogBadMessage(ILogger logger);

    [LoggerMessage(EventId = 317, Level = LogLevel.Warning, Message = "Publishing a breaker change for provider {Provider} failed: {Reason}")]
    private static partial void LogPublishFailed(ILogger logger, string provider, string reason);
}
