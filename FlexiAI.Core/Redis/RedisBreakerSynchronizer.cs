using StackExchange.Redis;

namespace FlexiAI.Redis;

/// <summary>
/// The breaker store's background work, one loop owned by the store and started by <see cref="RedisBackgroundService"/>
/// (or by whoever uses the store without a host): once the client exists, subscribe and reconcile; then reconcile
/// every <c>Redis:ReconcileInterval</c> and whenever the connection comes back. Every task it starts is observed.
/// </summary>
internal sealed class RedisBreakerSynchronizer(RedisAccess access, RedisBreakerSubscriber subscriber,
    RedisBreakerReconciler reconciler, TimeSpan interval, TimeProvider time) : IDisposable
{
    // Cancelled on stop, never disposed: the stopping loop may still read its token, and a source without a timer holds
    // nothing to release.
#pragma warning disable CA2213
    private readonly CancellationTokenSource _stopping = new();
#pragma warning restore CA2213
    private readonly Lock _gate = new();
    private Task? _running;

    /// <summary>Starts the loop (once) and the connection it needs.</summary>
    public void Start()
    {
        lock (_gate)
        {
            if (_running is not null || _stopping.IsCancellationRequested)
            {
                return;
            }
            access.Connection.Start();
            _running = Task.WhenAll(SubscribeAsync(_stopping.Token), ReconcilePeriodicallyAsync(_stopping.Token));
            access.Forget(_running, "breaker store background loop");
        }
    }

    /// <summary>A reconcile pass now, in the background (after an offline decision, on reconnection).</summary>
    public void ReconcileSoon() => access.Forget(reconciler.ReconcileAllAsync(_stopping.Token), "breaker reconcile");

    /// <summary>Stops the loop and waits for it.</summary>
    public async Task StopAsync()
    {
        Task? running;
        lock (_gate)
        {
            if (!_stopping.IsCancellationRequested)
            {
                // Under the lock (no await there); the token's callbacks only end the loop's waits.
#pragma warning disable CA1849
                _stopping.Cancel();
#pragma warning restore CA1849
            }
            running = _running;
        }
        if (running is not null)
        {
            // Its failure, if any, was logged when it happened (Forget above).
            await running.ContinueWith(static _ => { }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously,
                TaskScheduler.Default).ConfigureAwait(false);
        }
    }

    private async Task SubscribeAsync(CancellationToken stopping)
    {
        try
        {
            await ConnectAndSubscribeAsync(stopping).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
        }
    }

    private async Task ConnectAndSubscribeAsync(CancellationToken stopping)
    {
        IConnectionMultiplexer multiplexer;
        try
        {
            multiplexer = await access.Connection.Created.WaitAsync(stopping).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // The client could not be created (the connection logged why): breakers stay local to this process.
            return;
        }
        multiplexer.ConnectionRestored += OnConnectionRestored;
        await subscriber.SubscribeAsync(multiplexer, stopping).ConfigureAwait(false);
        await reconciler.ReconcileAllAsync(stopping).ConfigureAwait(false);
    }

    private void OnConnectionRestored(object? sender, ConnectionFailedEventArgs e) => ReconcileSoon();

    private async Task ReconcilePeriodicallyAsync(CancellationToken stopping)
    {
        using var timer = new PeriodicTimer(interval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stopping).ConfigureAwait(false))
            {
                await reconciler.ReconcileAllAsync(stopping).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            if (!_stopping.IsCancellationRequested)
            {
                // Under the lock (no await there); the token's callbacks only end the loop's waits.
#pragma warning disable CA1849
                _stopping.Cancel();
#pragma warning restore CA1849
            }
        }
        if (access.Connection.Multiplexer is { } multiplexer)
        {
            multiplexer.ConnectionRestored -= OnConnectionRestored;
        }
    }
}
