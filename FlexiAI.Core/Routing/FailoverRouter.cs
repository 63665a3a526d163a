using System.Diagnostics;
using FlexiAI.Breakers;
using FlexiAI.Options;
using FlexiAI.Providers;
using FlexiAI.Telemetry;
using Microsoft.Extensions.Logging;

namespace FlexiAI.Routing;

/// <summary>
/// The one place where a request meets the providers: tries them in route order, skips those whose breaker is
/// open, admits recovery probes, applies the per-attempt timeout, classifies failures, feeds the breakers and
/// decides whether to fail over. Both execution paths (pass-through and translation) and the in-process
/// <see cref="Chat.FlexiAIChatClient"/> run their attempts through <see cref="ExecuteAsync{T}(IReadOnlyList{Provider}, HedgingOptions?, Func{AttemptContext, Task{T}}, bool, CancellationToken)"/>.
/// </summary>
/// <remarks>
/// The success path reads only the local breaker mirror (<see cref="IBreakerStateStore.GetState"/>): a success on a
/// CLOSED breaker with no failures to clear touches no store at all. Hedged routes run in <see cref="HedgedExecution{TState, T}"/>,
/// which shares the steps below (admit, begin, succeed, fail); a route without hedging never touches it.
/// </remarks>
public sealed class FailoverRouter(IBreakerStateStore breakers, ProviderCounters counters, TimeProvider timeProvider,
    FlexiAITelemetry telemetry, ILogger<FailoverRouter> logger)
{
    /// <summary>Extra life of a probe lease beyond the provider's timeout, so a slow but alive probe keeps its slot.</summary>
    internal static readonly TimeSpan ProbeLeaseMargin = TimeSpan.FromSeconds(5);

    public IBreakerStateStore Breakers => breakers;

    /// <summary>
    /// A user request may be the recovery probe of a breaker whose recovery time has passed
    /// (<c>CircuitBreaker:ProbeMode=UserRequests</c>). When false, requests skip every provider whose breaker is not
    /// CLOSED and <see cref="Probing.BackgroundProbeService"/> probes instead. True when built without options.
    /// </summary>
    public bool UserRequestProbes { get; internal set; } = true;

    internal TimeProvider Time => timeProvider;

    internal FlexiAITelemetry Telemetry => telemetry;

    internal ILogger Logger => logger;

    internal ProviderCounters Counters => counters;

    /// <summary>
    /// Runs <paramref name="attempt"/> on the providers of <paramref name="route"/>, hedged when <paramref name="hedging"/> is
    /// set: when the attempt in flight has not returned within <see cref="HedgingOptions.Delay"/>, the next available
    /// provider is tried beside it (up to <see cref="HedgingOptions.MaxParallel"/> at once); the first success wins and the
    /// others are cancelled. A cancelled attempt counts neither for nor against its provider's breaker; an attempt that
    /// fails counts as always, and the next provider starts at once. A value produced by an attempt whose answer is not
    /// used is disposed if it is <see cref="IAsyncDisposable"/> or <see cref="IDisposable"/>.
    /// </summary>
    /// <param name="hedging">The route's hedging policy (<see cref="HedgingPolicies.For"/>); null runs one attempt at a time.</param>
    public Task<RouteResult<T>> ExecuteAsync<T>(IReadOnlyList<Provider> route, HedgingOptions? hedging, Func<AttemptContext, Task<T>> attempt,
        bool streaming, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(attempt);
        return ExecuteAsync(route, hedging, static (context, run) => run(context), attempt, streaming, cancellationToken);
    }

    /// <summary>
    /// As <see cref="ExecuteAsync{T}(IReadOnlyList{Provider}, HedgingOptions?, Func{AttemptContext, Task{T}}, bool, CancellationToken)"/>,
    /// with the request's data passed to each attempt as <paramref name="state"/>: a static attempt function needs no
    /// closure, so the request path allocates no delegate.
    /// </summary>
    public Task<RouteResult<T>> ExecuteAsync<TState, T>(IReadOnlyList<Provider> route, HedgingOptions? hedging,
        Func<AttemptContext, TState, Task<T>> attempt, TState state, bool streaming, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(route);
        ArgumentNullException.ThrowIfNull(attempt);
        route = InRequestOrder(route, streaming);
        return hedging is null || route.Count < 2
            ? RunAsync(route, attempt, state, streaming, cancellationToken)
            : new HedgedExecution<TState, T>(this, route, hedging, attempt, state, streaming, cancellationToken).RunAsync();
    }

    /// <summary>
    /// Runs <paramref name="attempt"/> on each provider of <paramref name="route"/> until one succeeds.
    /// </summary>
    /// <param name="route">Providers in the order to try.</param>
    /// <param name="attempt">One attempt; throws to fail. Must observe <see cref="AttemptContext.CancellationToken"/>.</param>
    /// <param name="streaming">
    /// When true the attempt returns after the first chunk; the result's <see cref="RouteResult{T}.Completion"/> stays open
    /// (and the attempt's timeout keeps running between chunks) until the caller reports how the stream ended.
    /// </param>
    /// <exception cref="RoutingException">No provider could answer, or one rejected the request as invalid.</exception>
    public Task<RouteResult<T>> ExecuteAsync<T>(IReadOnlyList<Provider> route, Func<AttemptContext, Task<T>> attempt,
        bool streaming, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(route);
        ArgumentNullException.ThrowIfNull(attempt);
        return RunAsync(InRequestOrder(route, streaming), static (context, run) => run(context), attempt, streaming, cancellationToken);
    }

    /// <summary>A route's order for one request: its groups arranged by its strategy (<see cref="ProviderRoute.ForRequest"/>).</summary>
    private static IReadOnlyList<Provider> InRequestOrder(IReadOnlyList<Provider> route, bool streaming) =>
        route is ProviderRoute providerRoute ? providerRoute.ForRequest(streaming) : route;

    private async Task<RouteResult<T>> RunAsync<TState, T>(IReadOnlyList<Provider> route, Func<AttemptContext, TState, Task<T>> attempt,
        TState state, bool streaming, CancellationToken cancellationToken)
    {
        var attempts = new List<AttemptRecord>(2);
        DateTimeOffset? earliestRetry = null;

        for (var index = 0; index < route.Count; index++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var provider = route[index];
            // AdmitAsync inlined: awaiting its ValueTask<Admission> costs this path ~25 ns (RouterSuccessPathBenchmarks).
            var breaker = breakers.GetState(provider.Name);
            ProbeLease? lease = null;
            if (!breaker.AllowsTraffic)
            {
                var admission = await AdmitProbeAsync(provider, breaker, cancellationToken).ConfigureAwait(false);
                if (!admission.Admitted)
                {
                    earliestRetry = Earliest(earliestRetry, admission.RetryAt);
                    continue;
                }
                lease = admission.Lease;
            }

            var context = BeginAttempt(provider, attempts.Count + 1, index, lease, cancellationToken);
            try
            {
                var value = await attempt(context, state).ConfigureAwait(false);
                return await SucceedAsync(value, context, attempts, streaming, hedged: false).ConfigureAwait(false);
            }
            catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
            {
                var failure = await FailAsync(context, exception, attempts, route).ConfigureAwait(false);
                if (context.Activity is { } ended)
                {
                    // Its span ended inside FailAsync, whose change of the current span does not flow back here: the next
                    // attempt's span must hang under the request's, not under this one.
                    Activity.Current = ended.Parent;
                }
                var next = NextIndex(route, index, failure);
                if (next < 0)
                {
                    throw Rejected(context, failure, exception, attempts);
                }
                index = next - 1;
            }
            catch
            {
                // The caller went away: nothing is known about the provider. A probe lease simply expires.
                Abandon(context);
                throw;
            }
        }

        throw Exhausted(attempts, earliestRetry);
    }

    /// <summary>
    /// Where a request goes after <paramref name="failure"/> on <c>route[failedIndex]</c>: the index of the next provider to
    /// try, or -1 when the provider's answer goes back to the caller as it was sent. Provider and configuration faults move
    /// on to the next provider; a request too long for the context window moves on to the next provider whose configured
    /// <c>ContextWindow</c> is larger; a content-policy rejection moves on only on a route with <c>ContentPolicyFailover</c>
    /// (and goes back to the caller from the last provider); any other client error goes back at once.
    /// </summary>
    internal static int NextIndex(IReadOnlyList<Provider> route, int failedIndex, ProviderFailure failure)
    {
        switch (failure.Kind)
        {
            case FailureKind.ContextLength:
                var window = route[failedIndex].Options.ContextWindow ?? 0;
                for (var i = failedIndex + 1; i < route.Count; i++)
                {
                    if (route[i].Options.ContextWindow > window)
                    {
                        return i;
                    }
                }
                return -1;
            case FailureKind.ContentPolicy:
                return route is ProviderRoute { ContentPolicyFailover: true } && failedIndex + 1 < route.Count ? failedIndex + 1 : -1;
            default:
                return failure.FailsOver ? failedIndex + 1 : -1;
        }
    }

    /// <summary>May a request go to <paramref name="provider"/> now? CLOSED: yes, without I/O. Else only as a recovery probe.</summary>
    internal ValueTask<Admission> AdmitAsync(Provider provider, CancellationToken cancellationToken)
    {
        var state = breakers.GetState(provider.Name);
        return state.AllowsTraffic ? new ValueTask<Admission>(Admission.Closed) : AdmitProbeAsync(provider, state, cancellationToken);
    }

    private async ValueTask<Admission> AdmitProbeAsync(Provider provider, BreakerState state, CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow();
        if (UserRequestProbes && state.EffectiveState(now) == CircuitState.HalfOpen &&
            await TryAcquireProbeAsync(provider, cancellationToken).ConfigureAwait(false) is { } lease)
        {
            return new Admission(true, lease, null);
        }
        if (logger.IsEnabled(LogLevel.Debug))
        {
            RouterLog.ProviderSkipped(logger, provider.Name, state.EffectiveState(now).ToString());
        }
        return new Admission(false, null, state.RetryAt ?? now + TimeSpan.FromSeconds(1));
    }

    internal static DateTimeOffset? Earliest(DateTimeOffset? current, DateTimeOffset? candidate) =>
        current is null || candidate < current ? candidate : current;

    /// <summary>Starts an attempt: its timeout, its token (caller + timeout), its span.</summary>
    internal AttemptContext BeginAttempt(Provider provider, int number, int routeIndex, ProbeLease? lease, CancellationToken cancellationToken)
    {
        var activity = StartAttemptActivity(provider, number, lease is not null);
        return new AttemptContext(provider, number, routeIndex, lease, timeProvider, activity, timeProvider.GetTimestamp(), cancellationToken);
    }

    /// <summary>
    /// The attempt answered: record it, and for a whole answer feed the breaker now; a stream stays open. Completes
    /// synchronously (no state machine) when the breaker needs no store call, as on the success path of a CLOSED breaker.
    /// </summary>
    internal ValueTask<RouteResult<T>> SucceedAsync<T>(T value, AttemptContext context, List<AttemptRecord> attempts, bool streaming, bool hedged)
    {
        var provider = context.Provider;
        var elapsed = timeProvider.GetElapsedTime(context.Started);
        attempts.Add(new AttemptRecord(provider.Name, elapsed, null));
        provider.Load.Record(elapsed, streaming);
        RouterLog.AttemptSucceeded(logger, provider.Name, context.Number, elapsed.TotalMilliseconds);
        var fellBack = context.RouteIndex > 0;
        if (fellBack)
        {
            telemetry.Fallbacks.Add(1, new KeyValuePair<string, object?>("provider", provider.Name));
        }

        if (streaming)
        {
            context.RestartTimeout();
            return new ValueTask<RouteResult<T>>(new RouteResult<T>(value, provider, attempts, new AttemptCompletion(this, context), fellBack, hedged));
        }
        var completing = CompleteAttemptAsync(context, null);
        var result = new RouteResult<T>(value, provider, attempts, null, fellBack, hedged);
        if (completing.IsCompletedSuccessfully)
        {
            // Completed: this only observes it (a value task must be), without the await's state machine.
#pragma warning disable CA1849
            completing.GetAwaiter().GetResult();
#pragma warning restore CA1849
            return new ValueTask<RouteResult<T>>(result);
        }
        return AfterAsync(completing, result);

        static async ValueTask<RouteResult<T>> AfterAsync(ValueTask completing, RouteResult<T> result)
        {
            await completing.ConfigureAwait(false);
            return result;
        }
    }

    /// <summary>Feeds a finished attempt's outcome (null failure = success) to its breaker, then releases the attempt.</summary>
    internal async ValueTask CompleteAttemptAsync(AttemptContext context, ProviderFailure? failure)
    {
        try
        {
            await RecordOutcomeAsync(context.Provider, context.Lease, failure, context.Activity).ConfigureAwait(false);
        }
        finally
        {
            context.Release();
        }
    }

    /// <summary>The attempt failed: classify, record, feed the breaker, end the attempt. Returns the failure.</summary>
    /// <param name="route">The attempt's route, for the log to say whether the request moves on (<see cref="NextIndex"/>).</param>
    internal async ValueTask<ProviderFailure> FailAsync(AttemptContext context, Exception exception, List<AttemptRecord> attempts,
        IReadOnlyList<Provider>? route = null)
    {
        var provider = context.Provider;
        var elapsed = timeProvider.GetElapsedTime(context.Started);
        var failure = FailureClassifier.Classify(exception, context.TimedOut, provider.Options.Timeout);
        attempts.Add(new AttemptRecord(provider.Name, elapsed, failure));
        var failsOver = route is null ? failure.FailsOver : NextIndex(route, context.RouteIndex, failure) >= 0;
        RouterLog.AttemptFailed(logger, provider.Name, context.Number, elapsed.TotalMilliseconds, failure.ErrorType, failure.Description, failsOver);
        if (failure.Kind == FailureKind.GatewayError)
        {
            RouterLog.GatewayFailed(logger, provider.Name, context.Number, exception);
        }
        await CompleteAttemptAsync(context, failure).ConfigureAwait(false);
        return failure;
    }

    /// <summary>The caller went away: the attempt's outcome says nothing about its provider.</summary>
    internal static void Abandon(AttemptContext context)
    {
        context.Activity?.SetStatus(ActivityStatusCode.Error, "cancelled by caller");
        context.Release();
    }

    internal static RoutingException Rejected(AttemptContext context, ProviderFailure failure, Exception exception, List<AttemptRecord> attempts)
    {
        var rejection = exception as ProviderException ?? new ProviderException(failure, inner: exception);
        return new RoutingException(RoutingFailureReason.RejectedByProvider,
            $"Provider {context.Provider.Name} rejected the request ({failure.Description}).", attempts, rejection: rejection);
    }

    /// <summary>Every provider was skipped (503 with the earliest recovery) or failed (502).</summary>
    internal RoutingException Exhausted(List<AttemptRecord> attempts, DateTimeOffset? earliestRetry)
    {
        if (attempts.Count == 0)
        {
            var now = timeProvider.GetUtcNow();
            var wait = earliestRetry is { } at && at > now ? at - now : TimeSpan.Zero;
            var retryAfter = TimeSpan.FromSeconds(Math.Max(1, Math.Ceiling(wait.TotalSeconds)));
            var message = $"No provider is available: the circuit breaker of every provider on this route is open. Retry after {retryAfter.TotalSeconds:0} s.";
            RouterLog.NoProviderAvailable(logger, message);
            return new RoutingException(RoutingFailureReason.NoProviderAvailable, message, attempts, retryAfter);
        }

        var summary = string.Join("; ", attempts);
        return new RoutingException(RoutingFailureReason.AllProvidersFailed, $"All providers failed: {summary}.", attempts);
    }

    /// <summary>Feeds one attempt's outcome (null failure = success) to the breaker and the telemetry.</summary>
    internal async ValueTask RecordOutcomeAsync(Provider provider, ProbeLease? lease, ProviderFailure? failure, Activity? activity)
    {
        counters.Record(provider.Name, failure is null);
        if (failure is not null)
        {
            activity?.SetTag("error.type", failure.ErrorType);
            activity?.SetStatus(ActivityStatusCode.Error, failure.Description);
        }
        if (failure is { Kind: not FailureKind.GatewayError })
        {
            // The gateway's own failures are not the provider's: logged (GatewayFailed), never in its failure series.
            telemetry.ProviderFailures.Add(1,
                new KeyValuePair<string, object?>("provider", provider.Name),
                new KeyValuePair<string, object?>("error_type", failure.ErrorType));
        }

        try
        {
            if (lease is not null)
            {
                // A rejection of the request itself proves the provider is up and answering: the probe succeeded.
                var probeFailure = failure is { CountsAgainstBreaker: true } ? failure.ToBreakerFailure() : (BreakerFailure?)null;
                await breakers.CompleteProbeAsync(lease, probeFailure, CancellationToken.None).ConfigureAwait(false);
            }
            else if (failure is { CountsAgainstBreaker: true })
            {
                await breakers.RecordFailureAsync(provider.Name, failure.ToBreakerFailure(), CancellationToken.None).ConfigureAwait(false);
            }
            else if (failure is not { Kind: FailureKind.GatewayError } && breakers.GetState(provider.Name).ConsecutiveFailures > 0)
            {
                await breakers.RecordSuccessAsync(provider.Name, CancellationToken.None).ConfigureAwait(false);
            }
        }
        catch (Exception exception)
        {
            RouterLog.BreakerStoreFailed(logger, provider.Name, exception);
        }
    }

    private async ValueTask<ProbeLease?> TryAcquireProbeAsync(Provider provider, CancellationToken cancellationToken)
    {
        try
        {
            return await breakers.TryAcquireProbeAsync(provider.Name, provider.Options.Timeout + ProbeLeaseMargin, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            RouterLog.BreakerStoreFailed(logger, provider.Name, exception);
            return null;
        }
    }

    private static Activity? StartAttemptActivity(Provider provider, int attempt, bool probe)
    {
        var activity = FlexiAITelemetry.ActivitySource.StartActivity(provider.AttemptSpanName, ActivityKind.Client);
        if (activity is not { IsAllDataRequested: true })
        {
            // None, or one that only carries the trace to the provider (its trace is not sampled): no attributes to keep.
            return activity;
        }
        activity.SetTag("gen_ai.operation.name", "chat");
        activity.SetTag("gen_ai.system", provider.Kind == Options.ProviderKind.Anthropic ? "anthropic" : "openai");
        activity.SetTag("gen_ai.request.model", provider.Model);
        activity.SetTag("flexiai.provider", provider.Name);
        activity.SetTag("flexiai.attempt", attempt);
        if (probe)
        {
            activity.SetTag("flexiai.probe", true);
        }
        return activity;
    }
}
