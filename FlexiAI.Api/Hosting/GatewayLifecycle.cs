using FlexiAI.Options;
using Microsoft.Extensions.Options;

namespace FlexiAI.Api.Hosting;

/// <summary>
/// Tracks the replica's <see cref="GatewayPhase"/>, and holds the listener open on SIGTERM: the host stops in this
/// order (an <see cref="IHostedLifecycleService"/>'s <c>StoppingAsync</c> runs before any service stops), so for
/// <c>Shutdown:ReadinessDelay</c> readiness already answers 503 while new connections are still accepted; then Kestrel
/// stops listening and waits for what is in flight, up to <c>Shutdown:DrainTimeout</c> (the host's shutdown timeout
/// is set to both together).
/// </summary>
public sealed partial class GatewayLifecycle(IOptions<FlexiAIOptions> options, TimeProvider time, ILogger<GatewayLifecycle> logger)
    : IHostedLifecycleService
{
    private volatile GatewayPhase _phase = GatewayPhase.Starting;

    public GatewayPhase Phase => _phase;

    public Task StartedAsync(CancellationToken cancellationToken)
    {
        _phase = GatewayPhase.Serving;
        return Task.CompletedTask;
    }

    public async Task StoppingAsync(CancellationToken cancellationToken)
    {
        _phase = GatewayPhase.Draining;
        var shutdown = options.Value.Shutdown;
        LogDraining(logger, shutdown.ReadinessDelay.TotalSeconds, shutdown.DrainTimeout.TotalSeconds);
        try
        {
            await Task.Delay(shutdown.ReadinessDelay, time, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // The host's shutdown timeout ran out: go on stopping.
        }
    }

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "Shutting down: readiness answers 503; new connections accepted for {DelaySeconds} s, then requests in flight get up to {DrainSeconds} s to finish")]
    private static partial void LogDraining(ILogger logger, double delaySeconds, double drainSeconds);
}
