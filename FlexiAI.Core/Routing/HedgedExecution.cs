using System.Diagnostics;
using FlexiAI.Options;
using FlexiAI.Providers;
using Microsoft.Extensions.Logging;

namespace FlexiAI.Routing;

/// <summary>
/// One hedged request. Attempts run side by side: the first starts at once; while fewer than
/// <see cref="HedgingOptions.MaxParallel"/> are in flight, the next available provider starts when the latest attempt has
/// gone <see cref="HedgingOptions.Delay"/> without returning (for streams: without a first chunk). An attempt that fails
/// is recorded as in the sequential path and the next provider starts at once, without waiting for the delay. The
/// first success wins; every other attempt in flight is cancelled and recorded as discarded.
/// </summary>
/// <remarks>
/// Honest accounting. A discarded attempt was cancelled by us: it is neither a failure nor a success of its provider
/// (no breaker change, no failure metric; a probe lease it held simply expires), and it is counted in
/// <c>flexiai.attempts.discarded</c> (and <c>/providers</c> <c>requests.discarded</c>) once it has ended. An attempt
/// that had already failed when the winner answered counts as a failure; one that had already answered too counts as a
/// success (its answer is disposed, its record says discarded).
/// The loop runs on the caller's task and is the only writer of this object's state; the attempts run on their own
/// tasks (started in <see cref="RunAttemptAsync"/>, whose span is a child of the caller's, never of a sibling's).
/// </remarks>
internal sealed class HedgedExecution<TState, T>(FailoverRouter router, IReadOnlyList<Provider> route, HedgingOptions policy,
    Func<AttemptContext, TState, Task<T>> attempt, TState state, bool streaming, CancellationToken cancellationToken)
{
    private readonly List<Running> _running = new(policy.MaxParallel);
    private readonly List<AttemptRecord> _attempts = new(policy.MaxParallel);
    private int _next;
    private int _started;
    private bool _hedged;
    private DateTimeOffset? _earliestRetry;

    public async Task<RouteResult<T>> RunAsync()
    {
        CancellationTokenSource? timer = null;
        Task? hedgeDue = null;
        try
        {
            await StartNextAsync().ConfigureAwait(false);
            while (_running.Count > 0)
            {
                if (hedgeDue is null && _running.Count < policy.MaxParallel && _next < route.Count)
                {
                    timer = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                    hedgeDue = Task.Delay(policy.Delay, router.Time, timer.Token);
                }
                var finished = await Task.WhenAny(Pending(hedgeDue)).ConfigureAwait(false);
                if (cancellationToken.IsCancellationRequested)
                {
                    AbandonAll();
                    cancellationToken.ThrowIfCancellationRequested();
                }

                if (finished == hedgeDue)
                {
                    StopTimer(ref timer, ref hedgeDue);
                    await StartHedgeAsync().ConfigureAwait(false);
                    continue;
                }

                var done = Take(finished);
                if (done.Task.IsCompletedSuccessfully)
                {
                    await DiscardOthersAsync().ConfigureAwait(false);
                    return await router.SucceedAsync(await done.Task.ConfigureAwait(false), done.Context, _attempts, streaming, _hedged).ConfigureAwait(false);
                }

                var exception = Exception(done.Task);
                var failure = await router.FailAsync(done.Context, exception, _attempts, route).ConfigureAwait(false);
                var next = FailoverRouter.NextIndex(route, done.Context.RouteIndex, failure);
                if (next < 0)
                {
                    // The provider's answer goes back to the caller: stop the others too.
                    await DiscardOthersAsync().ConfigureAwait(false);
                    throw FailoverRouter.Rejected(done.Context, failure, exception, _attempts);
                }
                // A request too long for a context window skips the providers whose window is not larger.
                _next = Math.Max(_next, next);
                // Fail over now; the hedge delay restarts from the new attempt.
                StopTimer(ref timer, ref hedgeDue);
                await StartNextAsync().ConfigureAwait(false);
            }

            throw router.Exhausted(_attempts, _earliestRetry);
        }
        finally
        {
            // Its only callback ends the hedge delay: nothing to wait for.
#pragma warning disable CA1849
            timer?.Cancel();
#pragma warning restore CA1849
            timer?.Dispose();
        }
    }

    private async Task StartHedgeAsync()
    {
        var waited = router.Time.GetElapsedTime(_running[^1].Context.Started);
        if (await StartNextAsync().ConfigureAwait(false))
        {
            _hedged = true;
            var hedge = _running[^1].Context;
            router.Telemetry.Hedges.Add(1, new KeyValuePair<string, object?>("provider", hedge.Provider.Name));
            RouterLog.HedgeStarted(router.Logger, hedge.Provider.Name, hedge.Number, waited.TotalMilliseconds);
        }
    }

    /// <summary>Starts the next provider of the route that may take traffic; false when none is left.</summary>
    private async ValueTask<bool> StartNextAsync()
    {
        while (_next < route.Count)
        {
            var index = _next++;
            var admission = await router.AdmitAsync(route[index], cancellationToken).ConfigureAwait(false);
            if (!admission.Admitted)
            {
                _earliestRetry = FailoverRouter.Earliest(_earliestRetry, admission.RetryAt);
                continue;
            }
            var running = new Running();
            running.Task = RunAttemptAsync(running, route[index], index, admission.Lease);
            _running.Add(running);
            return true;
        }
        return false;
    }

    /// <summary>
    /// Runs one attempt on its own task. Being async, this method's change of <see cref="Activity.Current"/> (the attempt's
    /// span) stays inside it: the loop's current span remains the caller's, the parent of every attempt's span.
    /// </summary>
    private async Task<T> RunAttemptAsync(Running running, Provider provider, int index, Breakers.ProbeLease? lease)
    {
        running.Context = router.BeginAttempt(provider, ++_started, index, lease, cancellationToken);
        return await attempt(running.Context, state).ConfigureAwait(false);
    }

    /// <summary>A winner answered (or a provider rejected the request): settle every other attempt in flight.</summary>
    private async Task DiscardOthersAsync()
    {
        foreach (var other in _running)
        {
            if (other.Task.IsCompletedSuccessfully)
            {
                // It answered as well, a moment later: a success of its provider, but its answer is not used.
                var context = other.Context;
                _attempts.Add(new DiscardedAttemptRecord(context.Provider.Name, router.Time.GetElapsedTime(context.Started)));
                await router.RecordOutcomeAsync(context.Provider, context.Lease, null, context.Activity).ConfigureAwait(false);
                await DisposeAnswerAsync(other.Task).ConfigureAwait(false);
                context.Release();
            }
            else if (other.Task.IsCompleted)
            {
                // It had failed already: that counts.
                await router.FailAsync(other.Context, Exception(other.Task), _attempts).ConfigureAwait(false);
            }
            else
            {
                other.Context.Cancel();
                _attempts.Add(new DiscardedAttemptRecord(other.Context.Provider.Name, router.Time.GetElapsedTime(other.Context.Started)));
                _ = EndDiscardedAsync(other);
            }
        }
        _running.Clear();
    }

    /// <summary>Waits for a cancelled attempt to end, drops its answer if it produced one anyway, counts it and releases it.</summary>
    private async Task EndDiscardedAsync(Running discarded)
    {
        var context = discarded.Context;
        await DisposeAnswerAsync(discarded.Task).ConfigureAwait(false);
        context.Activity?.SetTag("flexiai.discarded", true);
        if (router.Logger.IsEnabled(LogLevel.Debug))
        {
            RouterLog.AttemptDiscarded(router.Logger, context.Provider.Name, context.Number, router.Time.GetElapsedTime(context.Started).TotalMilliseconds);
        }
        router.Telemetry.AttemptsDiscarded.Add(1, new KeyValuePair<string, object?>("provider", context.Provider.Name));
        router.Counters.RecordDiscarded(context.Provider.Name);
        context.Release();
    }

    /// <summary>The caller went away: cancel everything; nothing is known about any provider.</summary>
    private void AbandonAll()
    {
        foreach (var running in _running)
        {
            running.Context.Cancel();
            _ = AbandonAsync(running);
        }
        _running.Clear();
    }

    private static async Task AbandonAsync(Running running)
    {
        await DisposeAnswerAsync(running.Task).ConfigureAwait(false);
        FailoverRouter.Abandon(running.Context);
    }

    private static async Task DisposeAnswerAsync(Task<T> task)
    {
        try
        {
            switch (await task.ConfigureAwait(false))
            {
                case IAsyncDisposable asyncDisposable:
                    await asyncDisposable.DisposeAsync().ConfigureAwait(false);
                    break;
                case IDisposable disposable:
                    disposable.Dispose();
                    break;
            }
        }
        catch (Exception)
        {
            // Cancelled by us (or failing on its own after we stopped listening): not counted against the provider.
        }
    }

    private Task[] Pending(Task? hedgeDue)
    {
        var tasks = new Task[_running.Count + (hedgeDue is null ? 0 : 1)];
        for (var i = 0; i < _running.Count; i++)
        {
            tasks[i] = _running[i].Task;
        }
        if (hedgeDue is not null)
        {
            tasks[^1] = hedgeDue;
        }
        return tasks;
    }

    private Running Take(Task finished)
    {
        var index = _running.FindIndex(r => r.Task == finished);
        var running = _running[index];
        _running.RemoveAt(index);
        return running;
    }

    private static void StopTimer(ref CancellationTokenSource? timer, ref Task? hedgeDue)
    {
        timer?.Cancel();
        timer?.Dispose();
        timer = null;
        hedgeDue = null;
    }

    private static Exception Exception(Task task) =>
        task.Exception?.InnerException ?? new TaskCanceledException(task);

    /// <summary>One attempt in flight. <see cref="Context"/> is set before <see cref="Task"/> is first observed.</summary>
    private sealed class Running
    {
        public AttemptContext Context { get; set; } = null!;

        public Task<T> Task { get; set; } = null!;
    }
}
