using FlexiAI.Breakers;
using Microsoft.Extensions.Logging;

namespace FlexiAI.Redis;

/// <summary>
/// Merges a provider's state decided while Redis was out of reach with the cluster's: a breaker opened offline stays
/// open for everyone (written to Redis and announced); otherwise Redis's state wins.
/// </summary>
internal sealed partial class RedisBreakerOutageMerger(RedisBreakerMirror mirror, RedisBreakerScriptRunner scripts,
    TimeProvider time, ILogger logger)
{
    /// <summary>
    /// Merges <paramref name="local"/> (changed offline, mark <paramref name="offlineMark"/>) with <paramref name="remote"/>;
    /// leaves the mark for the next reconcile when Redis does not take an offline open in time.
    /// </summary>
    public async Task MergeAsync(string provider, long offlineMark, BreakerState local, BreakerState remote, TimeSpan timeout)
    {
        if (local.State == CircuitState.Open && (remote.State != CircuitState.Open || remote.RetryAt < local.RetryAt))
        {
            var adopted = await scripts.EvaluateAsync(provider, RedisBreakerScripts.AdoptOpen, [scripts.Keys.Breaker(provider)],
            [
                RedisBreakerCodec.Ms(time.GetUtcNow()), local.ConsecutiveFailures, RedisBreakerCodec.Ms(local.LastFailureTime),
                RedisBreakerCodec.Ms(local.OpenedAt), RedisBreakerCodec.Ms(local.RetryAt), local.LastError ?? "", scripts.Ttl,
                remote.Epoch,
            ], timeout).ConfigureAwait(false);
            if (adopted is not { Granted: true } a)
            {
                // No answer in time, or Redis changed since it was read: the mark stays, the next reconcile merges again.
                return;
            }
            remote = a.State;
            scripts.Publish(provider, remote, a.Changed);
        }
        if (!mirror.TryApplyMerged(provider, remote, offlineMark))
        {
            // An operator's change (or a newer offline change) came in while this merge ran: what it read is stale.
            return;
        }
        if (logger.IsEnabled(LogLevel.Information))
        {
            LogMerged(logger, provider, remote.State.ToWire(), remote.Epoch);
        }
    }

    [LoggerMessage(EventId = 313, Level = LogLevel.Information, Message = "Provider {Provider}: merged the state decided while Redis was unreachable; now {State} (epoch {Epoch})")]
    private static partial void LogMerged(ILogger logger, string provider, string state, long epoch);
}
