using System.Diagnostics;
using FlexiAI.Providers;

namespace FlexiAI.Routing;

/// <summary>What an attempt gets from the router: the provider, a token that fires on the per-attempt timeout or
/// when the caller goes away, and the attempt's span for tags (usage, finish reason).</summary>
public sealed class AttemptContext
{
    private readonly CancellationTokenSource _timeout;

    internal AttemptContext(Provider provider, int number, CancellationTokenSource timeout, Activity? activity, CancellationToken token)
    {
        Provider = provider;
        Number = number;
        _timeout = timeout;
        CancellationToken = token;
        Activity = activity;
    }

    public Provider Provider { get; }

    /// <summary>1 for the first provider tried.</summary>
    public int Number { get; }

    public CancellationToken CancellationToken { get; }

    public Activity? Activity { get; }

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
}
