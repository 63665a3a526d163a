using FlexiAI.Web.Board;
using FlexiAI.Web.Gateway;
using Microsoft.AspNetCore.Components;

namespace FlexiAI.Web.Components.Breakers;

/// <summary>
/// Every live replica × every provider: breaker state in words and colour, failures, next probe, last error; the
/// timeline; and the admin actions. Re-renders whenever <see cref="IClusterFeed"/> says it changed.
/// </summary>
public partial class BreakerBoard
{
    /// <summary>A replica whose report is older than this is marked stale (they publish every second).</summary>
    private static readonly TimeSpan StaleAfter = TimeSpan.FromSeconds(3);

    private readonly CancellationTokenSource _disposed = new();
    private string? _busy;
    private string? _message;
    private bool _messageIsError;

    [Inject]
    private IClusterFeed Feed { get; set; } = default!;

    [Inject]
    private IProviderAdmin Admin { get; set; } = default!;

    [Inject]
    private TimeProvider Time { get; set; } = default!;

    protected override void OnInitialized() => Feed.Changed += OnFeedChanged;

    public void Dispose()
    {
        Feed.Changed -= OnFeedChanged;
        _disposed.Cancel();
        _disposed.Dispose();
        GC.SuppressFinalize(this);
    }

    private void OnFeedChanged(object? sender, EventArgs e) => _ = InvokeAsync(StateHasChanged);

    private async Task ActAsync(string provider, bool open)
    {
        var verb = open ? "open" : "reset";
        _busy = provider;
        _message = $"{(open ? "Opening" : "Resetting")} {provider}…";
        _messageIsError = false;
        try
        {
            var result = open
                ? await Admin.OpenAsync(provider, _disposed.Token)
                : await Admin.ResetAsync(provider, _disposed.Token);
            _message = $"{provider}: {(open ? "opened" : "reset")} on every replica; the gateway now says {result.State.Word()}.";
        }
        catch (GatewayException exception)
        {
            _message = $"Could not {verb} {provider}: {exception.Message}";
            _messageIsError = true;
        }
        catch (OperationCanceledException) when (_disposed.IsCancellationRequested)
        {
            // The page went away.
        }
        finally
        {
            _busy = null;
        }
    }

    private static string NextProbe(ProviderStatus status, DateTimeOffset now) => status.State switch
    {
        BreakerState.Open when status.RetryAt is { } retryAt && retryAt > now => "in " + Format.Countdown(retryAt - now),
        BreakerState.Open => "due now",
        BreakerState.HalfOpen => "probing",
        _ => "—",
    };

    /// <summary>Recent latency: to the whole answer, and to the first chunk of streams; a dash before any.</summary>
    private static string RecentLatency(ProviderLoad load) => (load.LatencyMs, load.FirstChunkMs) switch
    {
        ({ } answer, { } first) => $"{Format.Latency(TimeSpan.FromMilliseconds(answer))} · first chunk {Format.Latency(TimeSpan.FromMilliseconds(first))}",
        ({ } answer, null) => Format.Latency(TimeSpan.FromMilliseconds(answer)),
        (null, { } first) => "first chunk " + Format.Latency(TimeSpan.FromMilliseconds(first)),
        _ => "—",
    };

    private static string SyncText(SyncStatus? sync) => sync switch
    {
        null => "sync unknown",
        { Enabled: false } => "local breakers only",
        { Connected: false } => "sync disconnected",
        { LastEventAgeSeconds: { } age } => $"sync connected · last event {Format.Duration(TimeSpan.FromSeconds(age))} ago",
        _ => "sync connected",
    };
}
