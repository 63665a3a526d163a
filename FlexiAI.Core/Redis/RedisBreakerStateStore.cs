using FlexiAI.Breakers;
using FlexiAI.Options;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

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
/// <see cref="RedisOptions.ReconcileInterval"/>, which repairs lost messages.</item>
/// <item>Probes in HALF_OPEN are leases in a sorted set with expiry: at most <c>HalfOpenMaxCalls</c> for the cluster, and a
/// replica that dies mid-probe only holds its slot until the lease expires.</item>
/// <item>When Redis is unreachable (or slower than <see cref="RedisOptions.OperationTimeout"/>) the change is made on the
/// mirror alone and the provider is marked as changed-offline. The next reconcile merges: a breaker opened offline
/// stays open for everyone; otherwise Redis's state wins. If Redis lost its data, replicas write theirs back.</item>
/// </list>
/// Who does what: <see cref="RedisBreakerMirror"/> (local copy and offline marks), <see cref="RedisBreakerScriptRunner"/>
/// (scripts and announcements), <see cref="RedisBreakerSubscriber"/> (other replicas' changes),
/// <see cref="RedisBreakerReconciler"/> with <see cref="RedisBreakerOutageMerger"/> (re-reading and merging), and
/// <see cref="RedisBreakerSynchronizer"/> (the background loop, started by <see cref="Start"/>; in a host,
/// <see cref="RedisBackgroundService"/> calls it). The constructor does no I/O.
/// </summary>
public sealed class RedisBreakerStateStore : IBreakerStateStore, IAsyncDisposable, IDisposable
{
    private readonly RedisAccess _access;
    private readonly RedisBreakerMirror _mirror;
    private readonly RedisBreakerScriptRunner _scripts;
    private readonly RedisBreakerSubscriber _subscriber;
    private readonly RedisBreakerReconciler _reconciler;
    private readonly RedisBreakerSynchronizer _synchronizer;
    private readonly CircuitBreakerOptions _breaker;
    private readonly TimeProvider _time;

    public RedisBreakerStateStore(RedisConnection connection, IOptions<FlexiAIOptions> options, TimeProvider timeProvider,
        ILogger<RedisBreakerStateStore> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        var redis = options.Value.Redis;
        string[] providers = [.. options.Value.Providers.Select(p => p.Name)];
        _breaker = options.Value.CircuitBreaker;
        _time = timeProvider;
        _access = new RedisAccess(connection, timeProvider, logger);
        _mirror = new RedisBreakerMirror(options, timeProvider);
        _mirror.Local.StateChanged += (_, change) => StateChanged?.Invoke(this, change);
        _scripts = new RedisBreakerScriptRunner(_access, redis, logger);
        _subscriber = new RedisBreakerSubscriber(_mirror, _scripts, new HashSet<string>(providers, StringComparer.OrdinalIgnoreCase),
            timeProvider, logger);
        _reconciler = new RedisBreakerReconciler(_access, _mirror, _scripts, new RedisBreakerOutageMerger(_mirror, _scripts, timeProvider, logger),
            providers, logger);
        _synchronizer = new RedisBreakerSynchronizer(_access, _subscriber, _reconciler, redis.ReconcileInterval, timeProvider);
    }

    public event EventHandler<BreakerStateChangedEventArgs>? StateChanged;

    public BreakerSyncStatus SyncStatus => new(true, _subscriber.Subscribed && _access.IsConnected, _subscriber.LastEventAt);

    /// <summary>
    /// Starts the connection (if not yet) and the background loop: subscribe, reconcile at once, then every
    /// <see cref="RedisOptions.ReconcileInterval"/>. Returns at once; later calls do nothing.
    /// </summary>
    public void Start() => _synchronizer.Start();

    /// <summary>Stops the background loop and waits for it.</summary>
    public Task StopAsync() => _synchronizer.StopAsync();

    /// <summary>One reconcile pass now (see the class remarks); returns when it is done.</summary>
    public Task ReconcileAllAsync() => _reconciler.ReconcileAllAsync(CancellationToken.None);

    public BreakerState GetState(string provider) => _mirror.GetState(provider);

    public async ValueTask<BreakerState> RecordFailureAsync(string provider, BreakerFailure failure, CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        if (!_mirror.IsOffline(provider))
        {
            var result = await _scripts.EvaluateAsync(provider, RedisBreakerScripts.RecordFailure, [_scripts.Keys.Breaker(provider)],
            [
                RedisBreakerCodec.Ms(now), BreakerTransitions.FailureThreshold(failure, _breaker),
                RedisBreakerCodec.Ms(now + BreakerTransitions.OpenDuration(failure, _breaker)),
                failure.RetryAfter is { } retryAfter ? RedisBreakerCodec.Ms(now + retryAfter) : "", failure.Description, _scripts.Ttl,
            ]).ConfigureAwait(false);
            if (result is { } r)
            {
                return Apply(provider, r.State, r.Changed);
            }
        }
        MarkOffline(provider);
        return await _mirror.Local.RecordFailureAsync(provider, failure, cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask<BreakerState> RecordSuccessAsync(string provider, CancellationToken cancellationToken)
    {
        if (!_mirror.IsOffline(provider))
        {
            var result = await _scripts.EvaluateAsync(provider, RedisBreakerScripts.RecordSuccess, [_scripts.Keys.Breaker(provider)],
                [RedisBreakerCodec.Ms(_time.GetUtcNow()), _scripts.Ttl]).ConfigureAwait(false);
            if (result is { } r)
            {
                return Apply(provider, r.State, r.Changed);
            }
        }
        MarkOffline(provider);
        return await _mirror.Local.RecordSuccessAsync(provider, cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask<ProbeLease?> TryAcquireProbeAsync(string provider, TimeSpan leaseDuration, CancellationToken cancellationToken)
    {
        // Probes are single-flight for the whole cluster: while Redis is reachable the lease is always taken there, even
        // for a provider whose other changes are waiting to be merged.
        if (_access.IsConnected)
        {
            var now = _time.GetUtcNow();
            var id = Guid.NewGuid().ToString("N");
            var expires = now + leaseDuration;
            var result = await _scripts.EvaluateAsync(provider, RedisBreakerScripts.TryAcquireProbe, [_scripts.Keys.Breaker(provider), _scripts.Keys.Probes(provider)],
                [RedisBreakerCodec.Ms(now), _breaker.HalfOpenMaxCalls, RedisBreakerCodec.Ms(expires), id, _scripts.Ttl],
                onTimeout: evaluation => _scripts.AbandonLease(provider, id, evaluation)).ConfigureAwait(false);
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
        return await _mirror.Local.TryAcquireProbeAsync(provider, leaseDuration, cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask<BreakerState> CompleteProbeAsync(ProbeLease lease, BreakerFailure? failure, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(lease);
        var provider = lease.Provider;
        if (lease.Shared && _access.IsConnected)
        {
            var now = _time.GetUtcNow();
            var wait = failure is { } f ? BreakerTransitions.OpenDuration(f, _breaker) : _breaker.RecoveryTimeout;
            var result = await _scripts.EvaluateAsync(provider, RedisBreakerScripts.CompleteProbe, [_scripts.Keys.Breaker(provider), _scripts.Keys.Probes(provider)],
            [
                lease.Id, failure is null ? "1" : "0", RedisBreakerCodec.Ms(now), RedisBreakerCodec.Ms(now + wait),
                failure?.Description ?? "", _scripts.Ttl,
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
        return await _mirror.Local.CompleteProbeAsync(lease, failure, cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask<BreakerState> ResetAsync(string provider, CancellationToken cancellationToken)
    {
        var result = await _scripts.EvaluateAsync(provider, RedisBreakerScripts.Reset, [_scripts.Keys.Breaker(provider), _scripts.Keys.Probes(provider)],
            [RedisBreakerCodec.Ms(_time.GetUtcNow()), _scripts.Ttl], RedisBreakerReconciler.OperationTimeout).ConfigureAwait(false);
        if (result is { } r)
        {
            return ApplyDecided(provider, r.State, r.Changed);
        }
        MarkOffline(provider);
        return await _mirror.Local.ResetAsync(provider, cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask<BreakerState> ForceOpenAsync(string provider, string reason, CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        var result = await _scripts.EvaluateAsync(provider, RedisBreakerScripts.ForceOpen, [_scripts.Keys.Breaker(provider), _scripts.Keys.Probes(provider)],
            [RedisBreakerCodec.Ms(now), RedisBreakerCodec.Ms(now + _breaker.RecoveryTimeout), reason, _scripts.Ttl], RedisBreakerReconciler.OperationTimeout)
            .ConfigureAwait(false);
        if (result is { } r)
        {
            return ApplyDecided(provider, r.State, r.Changed);
        }
        MarkOffline(provider);
        return await _mirror.Local.ForceOpenAsync(provider, reason, cancellationToken).ConfigureAwait(false);
    }

    private BreakerState Apply(string provider, BreakerState state, bool changed)
    {
        _mirror.TryApply(provider, state, force: false);
        _scripts.Publish(provider, state, changed);
        return _mirror.GetState(provider);
    }

    /// <summary>An operator's change Redis took: it wins over offline decisions and merges in progress.</summary>
    private BreakerState ApplyDecided(string provider, BreakerState state, bool changed)
    {
        _mirror.ApplyDecided(provider, state);
        _scripts.Publish(provider, state, changed);
        return _mirror.GetState(provider);
    }

    private void MarkOffline(string provider)
    {
        _mirror.MarkOffline(provider);
        if (_access.IsConnected)
        {
            // Redis answers again (this was a slow call): merge soon rather than at the next interval.
            _synchronizer.ReconcileSoon();
        }
    }

    public void Dispose()
    {
        _synchronizer.Dispose();
        _reconciler.Dispose();
    }

    public async ValueTask DisposeAsync()
    {
        await _synchronizer.StopAsync().ConfigureAwait(false);
        Dispose();
    }
}
