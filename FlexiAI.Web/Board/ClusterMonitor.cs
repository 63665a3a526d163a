using FlexiAI.Web.Gateway;
using Microsoft.Extensions.Options;

namespace FlexiAI.Web.Board;

/// <summary>
/// Polls the gateway's <c>GET /cluster</c> (every <see cref="WebUiOptions.PollInterval"/>, 500 ms by default) for
/// every open page at once, keeps the timeline, and tells subscribers after each poll. Replicas publish their
/// report every second and at once on every breaker change, so a change shows within about half a second.
/// </summary>
public sealed class ClusterMonitor(
    GatewayClient gateway,
    IOptions<WebUiOptions> options,
    TimeProvider time,
    ILogger<ClusterMonitor> logger) : BackgroundService, IClusterFeed
{
    private readonly ClusterTimeline _timeline = new(options.Value.TimelineWindow, options.Value.TimelineBucket);
    private volatile ClusterFeedState _current = ClusterFeedState.Empty;

    /// <inheritdoc />
    public ClusterFeedState Current => _current;

    /// <inheritdoc />
    public event EventHandler? Changed;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.PollInterval, time);
        try
        {
            do
            {
                await PollOnceAsync(stoppingToken);
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }
    }

    /// <summary>One poll: fetch, record, publish.</summary>
    internal async Task PollOnceAsync(CancellationToken cancellationToken)
    {
        var previous = _current;
        try
        {
            var report = await gateway.GetClusterAsync(cancellationToken);
            var now = time.GetUtcNow();
            _timeline.Record(report, now);
            _current = new ClusterFeedState(report, now, null, _timeline.Snapshot(now));
            if (previous.Error is not null)
            {
                WebLog.ClusterRecovered(logger);
            }
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // Whatever went wrong is shown on the board, and the next poll tries again: the poller never stops.
            _current = previous with { Error = exception.Message, Timeline = _timeline.Snapshot(time.GetUtcNow()) };
            if (previous.Error is null)
            {
                WebLog.ClusterUnavailable(logger, exception.Message);
            }
        }

        try
        {
            Changed?.Invoke(this, EventArgs.Empty);
        }
        catch (Exception exception)
        {
            // A page that fails to re-render must not stop the board of every other page.
            WebLog.SubscriberFailed(logger, exception);
        }
    }
}
