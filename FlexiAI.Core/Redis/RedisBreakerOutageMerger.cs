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
            ], timeout).ConfigureAwait(false);
            if (adopted is null)
            {
                return;
            }
            remote = adopted.Value.State;
            scripts.Publish(provider, remote, adopted.Value.Changed);
        }
        mirror.TryApply(provider, remote, force: true);
        mirror.ClearOffline(provider, offlineMark);
        if (logger.IsEnabled(LogLevel.Information))
        {
            LogMerged(logger, provider, remote.State.ToWire(), remote.Epoch);
        }
    }

    [LoggerMessage(EventId = 313, Level = LogLevel.Information, Message = "Provider {Provider}: merged the state decided while Redis was unreachable; now {State} (epoch {Epoch})")]
    private static partial void LogMerged(ILogger logger, string provider, string state, long epoch);
}
