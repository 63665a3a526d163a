using System.Diagnostics;
using FlexiAI.Breakers;
using FlexiAI.Providers;
using FlexiAI.Telemetry;
using Microsoft.Extensions.Logging;

namespace FlexiAI.Routing;

/// <summary>
/// The one place where a request meets the providers: tries them in route order, skips those whose breaker is
/// open, admits recovery probes, applies the per-attempt timeout, classifies failures, feeds the breakers and
/// decides whether to fail over. Both execution paths (pass-through and translation) and the in-process
/// <see cref="Chat.FlexiAIChatClient"/> run their attempts through <see cref="ExecuteAsync{T}"/>.
/// </summary>
/// <remarks>
/// The success path reads only the local breaker mirror (<see cref="IBreakerStateStore.GetState"/>): a success on a
/// CLOSED breaker with no failures to clear touches no store at all.
/// </remarks>
public sealed class FailoverRouter(IBreakerStateStore breakers, ProviderCounters counters, TimeProvider timeProvider,
    FlexiAITelemetry telemetry, ILogger<FailoverRouter> logger)
{
    /// <summary>Extra life of a probe lease beyond the provider's timeout, so a slow but alive probe keeps its slot.</summary>
    private static readonly TimeSpan ProbeLeaseMargin = TimeSpan.FromSeconds(5);

    public IBreakerStateStore Breakers => breakers;

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
    public async Task<RouteResult<T>> ExecuteAsync<T>(IReadOnlyList<Provider> route, Func<AttemptContext, Task<T>> attempt,
        bool streaming, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(route);
        ArgumentNullException.ThrowIfNull(attempt);
        var attempts = new List<AttemptRecord>(2);
        DateTimeOffset? earliestRetry = null;

        for (var index = 0; index < route.Count; index++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var provider = route[index];
            var state = breakers.GetState(provider.Name);
            ProbeLease? lease = null;
            if (!state.AllowsTraffic)
            {
                var now = timeProvider.GetUtcNow();
                if (state.EffectiveState(now) == CircuitState.HalfOpen)
                {
                    lease = await TryAcquireProbeAsync(provider, cancellationToken).ConfigureAwait(false);
                }
                if (lease is null)
                {
                    var retryAt = state.RetryAt ?? now + TimeSpan.FromSeconds(1);
                    earliestRetry = earliestRetry is null || retryAt < earliestRetry ? retryAt : earliestRetry;
                    RouterLog.ProviderSkipped(logger, provider.Name, state.EffectiveState(now).ToString());
                    continue;
                }
            }

            var timeout = new CancellationTokenSource(provider.Options.Timeout, timeProvider);
            var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
            var activity = StartAttemptActivity(provider, attempts.Count + 1, lease is not null);
            var context = new AttemptContext(provider, attempts.Count + 1, timeout, activity, linked.Token);
            var started = timeProvider.GetTimestamp();
            try
            {
                var value = await attempt(context).ConfigureAwait(false);
                var elapsed = timeProvider.GetElapsedTime(started);
                attempts.Add(new AttemptRecord(provider.Name, elapsed, null));
                RouterLog.AttemptSucceeded(logger, provider.Name, context.Number, elapsed.TotalMilliseconds);
                if (index > 0)
                {
                    telemetry.Fallbacks.Add(1, new KeyValuePair<string, object?>("provider", provider.Name));
                }

                var completion = new AttemptCompletion(this, context, lease, timeout, linked);
                if (streaming)
                {
                    context.RestartTimeout();
                    return new RouteResult<T>(value, provider, attempts, completion, fellBack: index > 0);
                }
                await completion.CompleteAsync(null).ConfigureAwait(false);
                return new RouteResult<T>(value, provider, attempts, null, fellBack: index > 0);
            }
            catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
            {
                var elapsed = timeProvider.GetElapsedTime(started);
                var failure = FailureClassifier.Classify(exception, timeout.IsCancellationRequested, provider.Options.Timeout);
                attempts.Add(new AttemptRecord(provider.Name, elapsed, failure));
                RouterLog.AttemptFailed(logger, provider.Name, context.Number, elapsed.TotalMilliseconds, failure.ErrorType, failure.Description, failure.FailsOver);
                try
                {
                    await RecordOutcomeAsync(provider, lease, failure, activity).ConfigureAwait(false);
                }
                finally
                {
                    activity?.Dispose();
                    linked.Dispose();
                    timeout.Dispose();
                }
                if (!failure.FailsOver)
                {
                    var rejection = exception as ProviderException ?? new ProviderException(failure, inner: exception);
                    throw new RoutingException(RoutingFailureReason.RejectedByProvider,
                        $"Provider {provider.Name} rejected the request ({failure.Description}).", attempts, rejection: rejection);
                }
            }
            catch
            {
                // The caller went away: nothing is known about the provider. A probe lease simply expires.
                activity?.SetStatus(ActivityStatusCode.Error, "cancelled by caller");
                activity?.Dispose();
                linked.Dispose();
                timeout.Dispose();
                throw;
            }
        }

        if (attempts.Count == 0)
        {
            var now = timeProvider.GetUtcNow();
            var wait = earliestRetry is { } at && at > now ? at - now : TimeSpan.Zero;
            var retryAfter = TimeSpan.FromSeconds(Math.Max(1, Math.Ceiling(wait.TotalSeconds)));
            var message = $"No provider is available: the circuit breaker of every provider on this route is open. Retry after {retryAfter.TotalSeconds:0} s.";
            RouterLog.NoProviderAvailable(logger, message);
            throw new RoutingException(RoutingFailureReason.NoProviderAvailable, message, attempts, retryAfter);
        }

        var summary = string.Join("; ", attempts);
        throw new RoutingException(RoutingFailureReason.AllProvidersFailed, $"All providers failed: {summary}.", attempts);
    }

    /// <summary>Feeds one attempt's outcome (null failure = success) to the breaker and the telemetry.</summary>
    internal async ValueTask RecordOutcomeAsync(Provider provider, ProbeLease? lease, ProviderFailure? failure, Activity? activity)
    {
        counters.Record(provider.Name, failure is null);
        if (failure is not null)
        {
            activity?.SetTag("error.type", failure.ErrorType);
            activity?.SetStatus(ActivityStatusCode.Error, failure.Description);
            telemetry.ProviderFailures.Add(1,
                new KeyValuePair<string, object?>("provider", provider.Name),
                new KeyValuePair<string, object?>("error_type", failure.ErrorType));
        }

        try
        {
            if (lease is not null)
            {
                // A client error proves the provider is up and answering: the probe succeeded.
                var probeFailure = failure is { CountsAgainstBreaker: true } ? failure.ToBreakerFailure() : (BreakerFailure?)null;
                await breakers.CompleteProbeAsync(lease, probeFailure, CancellationToken.None).ConfigureAwait(false);
            }
            else if (failure is { CountsAgainstBreaker: true })
            {
                await breakers.RecordFailureAsync(provider.Name, failure.ToBreakerFailure(), CancellationToken.None).ConfigureAwait(false);
            }
            else if (breakers.GetState(provider.Name).ConsecutiveFailures > 0)
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
        var activity = FlexiAITelemetry.ActivitySource.StartActivity($"chat {provider.Model}", ActivityKind.Client);
        if (activity is null)
        {
            return null;
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
