using System.Diagnostics;
using FlexiAI.Breakers;
using FlexiAI.Providers;

namespace FlexiAI.Routing;

/// <summary>What an attempt gets from the router: the provider, a token that fires on the per-attempt timeout, when the
/// caller goes away or when the router cancels the attempt (a hedge that lost), and the attempt's span for tags (usage,
/// finish reason).</summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "The router releases it once, through Release().")]
public sealed class AttemptContext
{
    private const int NotCancelled = 0;
    private const int ByCaller = 1;
    private const int ByRouter = 2;

    /// <summary>One source per attempt: its own timer is the per-attempt timeout; the caller and the router cancel it too.</summary>
    private readonly CancellationTokenSource _source;
    private readonly CancellationTokenRegistration _callerRegistration;
    private int _cancelledBy;

    internal AttemptContext(Provider provider, int number, int routeIndex, ProbeLease? lease, TimeProvider timeProvider,
        Activity? activity, long started, CancellationToken callerToken)
    {
        Provider = provider;
        Number = number;
        RouteIndex = routeIndex;
        Lease = lease;
        _source = new CancellationTokenSource(provider.Options.Timeout, timeProvider);
        CancellationToken = _source.Token;
        Activity = activity;
        Started = started;
        // A registration rather than a linked source: one cancellation source per attempt instead of two.
        _callerRegistration = callerToken.UnsafeRegister(static state => ((AttemptContext)state!).CancelFor(ByCaller), this);
        provider.Load.Started();
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
            _source.CancelAfter(Provider.Options.Timeout);
        }
        catch (ObjectDisposedException)
        {
            // The attempt already completed.
        }
    }

    /// <summary>The attempt's own timeout fired (not the caller going away, nor the router cancelling a losing hedge).</summary>
    internal bool TimedOut => _source.IsCancellationRequested && Volatile.Read(ref _cancelledBy) == NotCancelled;

    /// <summary>Cancels the attempt from the router's side: another attempt of a hedged request answered first.</summary>
    internal void Cancel() => CancelFor(ByRouter);

    private void CancelFor(int reason)
    {
        if (_source.IsCancellationRequested)
        {
            return;
        }
        Interlocked.CompareExchange(ref _cancelledBy, reason, NotCancelled);
        try
        {
            _source.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // The attempt already completed.
        }
    }

    /// <summary>Ends the attempt's span, its count in flight, and releases its timer. Called once, when the attempt's outcome is known.</summary>
    internal void Release()
    {
        Provider.Load.Ended();
        Activity?.Dispose();
        _callerRegistration.Dispose();
        _source.Dispose();
    }
}
