using FlexiAI.Breakers;
using FlexiAI.Options;
using FlexiAI.Providers;
using FlexiAI.Routing;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FlexiAI.Probing;

/// <summary>
/// Recovery without a user's request (<c>CircuitBreaker:ProbeMode=Background</c>): once a breaker's recovery time has
/// passed, asks for the provider's probe lease (one for the whole cluster when the store is shared through Redis) and,
/// when granted, sends <see cref="ProviderProbe"/>; the outcome, classified as a user attempt's would be, closes the
/// breaker or opens it for another recovery period. Reads only the local breaker mirror between probes: no I/O while
/// every breaker is CLOSED, and at most one lease request a second per provider while another replica probes.
/// </summary>
public sealed class BackgroundProbeService(ProviderCatalog catalog, FailoverRouter router, IOptions<FlexiAIOptions> options,
    TimeProvider timeProvider, ILogger<BackgroundProbeService> logger) : BackgroundService
{
    /// <summary>Longest wait between two looks at the breakers (a breaker opened meanwhile is seen within it).</summary>
    internal static readonly TimeSpan MaxWait = TimeSpan.FromSeconds(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (options.Value.CircuitBreaker.ProbeMode != BreakerProbeMode.Background)
        {
            return;
        }
        var running = new Dictionary<string, Task>(StringComparer.OrdinalIgnoreCase);
        while (!stoppingToken.IsCancellationRequested)
        {
            var wait = StartDueProbes(running, stoppingToken);
            try
            {
                await Task.Delay(wait, timeProvider, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
        await Task.WhenAll(running.Values).ConfigureAwait(false);
    }

    /// <summary>Starts a probe for each provider due one and not probed from here already; returns how long to wait.</summary>
    internal TimeSpan StartDueProbes(Dictionary<string, Task> running, CancellationToken stoppingToken)
    {
        var now = timeProvider.GetUtcNow();
        var wait = MaxWait;
        foreach (var provider in catalog.All)
        {
            if (running.TryGetValue(provider.Name, out var probe))
            {
                if (!probe.IsCompleted)
                {
                    continue;
                }
                running.Remove(provider.Name);
            }
            var state = router.Breakers.GetState(provider.Name);
            if (state.EffectiveState(now) == CircuitState.HalfOpen)
            {
                running[provider.Name] = ProbeAsync(provider, stoppingToken);
            }
            else if (state.State == CircuitState.Open && state.RetryAt is { } retryAt && retryAt - now < wait)
            {
                wait = retryAt - now;
            }
        }
        return wait;
    }

    /// <summary>Takes the lease (or returns: none free, another replica probes), probes, and reports the outcome.</summary>
    private async Task ProbeAsync(Provider provider, CancellationToken stoppingToken)
    {
        ProbeLease? lease;
        try
        {
            lease = await router.Breakers.TryAcquireProbeAsync(provider.Name, provider.Options.Timeout + FailoverRouter.ProbeLeaseMargin,
                stoppingToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            ProbeLog.LeaseFailed(logger, provider.Name, exception);
            return;
        }
        catch (OperationCanceledException)
        {
            return;
        }
        if (lease is null)
        {
            return;
        }

        var started = timeProvider.GetTimestamp();
        var kind = provider.Options.Probe.ToString();
        ProviderFailure? failure = null;
        using var timeout = new CancellationTokenSource(provider.Options.Timeout, timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, timeout.Token);
        try
        {
            await ProviderProbe.SendAsync(provider, linked.Token).ConfigureAwait(false);
        }
        catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
        {
            failure = FailureClassifier.Classify(exception, timeout.IsCancellationRequested, provider.Options.Timeout);
        }
        catch (OperationCanceledException)
        {
            return; // shutting down: nothing learnt; the lease expires
        }

        var elapsed = timeProvider.GetElapsedTime(started).TotalMilliseconds;
        if (failure is null)
        {
            ProbeLog.ProbeSucceeded(logger, provider.Name, kind, elapsed);
        }
        else
        {
            ProbeLog.ProbeFailed(logger, provider.Name, kind, elapsed, failure.ErrorType, failure.Description);
        }
        await router.RecordOutcomeAsync(provider, lease, failure, activity: null).ConfigureAwait(false);
    }
}
