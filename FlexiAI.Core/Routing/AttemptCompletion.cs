using System.Diagnostics;
using FlexiAI.Providers;

namespace FlexiAI.Routing;

/// <summary>
/// The open end of a successful streaming attempt. The caller reports how the stream ended exactly once; a
/// failure after the first chunk then counts against the provider's breaker like any other.
/// </summary>
public sealed class AttemptCompletion
{
    private readonly FailoverRouter _router;
    private int _completed;

    internal AttemptCompletion(FailoverRouter router, AttemptContext context)
    {
        _router = router;
        Context = context;
    }

    /// <summary>The attempt: its token keeps firing on the (restartable) per-attempt timeout while the stream is read.</summary>
    public AttemptContext Context { get; }

    public Provider Provider => Context.Provider;

    public Activity? Activity => Context.Activity;

    /// <summary>True when the attempt's own timeout fired (the gap between chunks was too long).</summary>
    public bool TimedOut => Context.TimedOut;

    /// <summary>Reports the end of the stream: null for a complete stream, else the failure. Later calls do nothing.</summary>
    public async ValueTask CompleteAsync(ProviderFailure? failure)
    {
        if (Interlocked.Exchange(ref _completed, 1) == 1)
        {
            return;
        }
        await _router.CompleteAttemptAsync(Context, failure).ConfigureAwait(false);
    }
}
