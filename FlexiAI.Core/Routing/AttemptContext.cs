using System.Diagnostics;
using FlexiAI.Breakers;
using FlexiAI.Providers;

namespace FlexiAI.Routing;

/// <summary>What an attempt gets from the router: the provider, a token that fires on the per-attempt timeout, when the
/// caller goes away or when the router cancels the attempt (a hedge that lost), and the attempt's span for tags (usage,
/// finish reason).</summary>
public sealed class AttemptContext
{
    private readonly CancellationTokenSource _timeout;
    private readonly CancellationTokenSource _linked;

    internal AttemptContext(Provider provider, int number, int routeIndex, ProbeLease? lease, CancellationTokenSource timeout,
        CancellationTokenSource linked, Activity? activity, long started)
    {
        Provider = provider;
        Number = number;
        RouteIndex = routeIndex;
        Lease = lease;
        _timeout = timeout;
        _linked = linked;
        CancellationToken = linked.Token;
        Activity = activity;
        Started = started;
    }

    public Provider Provider { get; }

    /// <summary>1 for the first provider tried.</summary>
    public int Number { get; }

    public CancellationToken CancellationToken { get; }

    public Activity? Activity { get; }

    /// <summary>The provider's position in its route (0 = the first).</summary>
    internal int RouteIndex { get; }

    /// <summary>The half-open probe slot this attempt holds, if it is a probe.</summary>
    internal ProbeLease? Lease { get; }

    /// <summary>When the attempt started (<see cref="TimeProvider.GetTimestamp"/>).</summary>
    internal long Started { get; }

    /// <summary>Restarts the per-attempt timeout: a stream calls it after each chunk, so the timeout bounds the gap between chunks.</summary>
    public void RestartTimeout()
    {
        try
        {
            _timeout.CancelAfter(Provider.Options.Timeout);
        }
        catch (ObjectDisposedException)
        {
            // The attempt already completed.
        }
    }

    internal bool TimedOut => _timeout.IsCancellationRequested;

    /// <summary>Cancels the attempt from the router's side: another attempt of a hedged request answered first.</summary>
    internal void Cancel()
    {
        try
        {
            _linked.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // The attempt already completed.
        }
    }

    /// <summary>Ends the attempt's span and releases its timers. Called once, when the attempt's outcome is known.</summary>
    internal void Release()
    {
        Activity?.Dispose();
        _linked.Dispose();
        _timeout.Dispose();
    }
}
