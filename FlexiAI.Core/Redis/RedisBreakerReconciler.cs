using FlexiAI.Breakers;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace FlexiAI.Redis;

/// <summary>
/// Reads every provider's shared state and brings the mirror in line: a missed change is applied, an offline change is
/// merged (<see cref="RedisBreakerOutageMerger"/>), and state Redis lost (restarted without persistence, flushed,
/// expired) is written back. One pass at a time; a pass asked for while one runs is skipped.
/// </summary>
internal sealed partial class RedisBreakerReconciler(RedisAccess access, RedisBreakerMirror mirror, RedisBreakerScriptRunner scripts,
    RedisBreakerOutageMerger merger, IReadOnlyList<string> providers, ILogger logger) : IDisposable
{
    /// <summary>The wait on Redis in a reconcile and in operator actions (reset, force open): nobody's request waits on them.</summary>
    public static readonly TimeSpan OperationTimeout = TimeSpan.FromSeconds(2);

    private static readonly RedisValue[] Fields = ["s", "f", "e", "lf", "oa", "ra", "le"];

    private readonly SemaphoreSlim _gate = new(1, 1);

    /// <summary>One pass over every provider; returns at once when Redis is not connected, a pass runs, or stopped.</summary>
    public async Task ReconcileAllAsync(CancellationToken stopping)
    {
        if (!access.IsConnected || stopping.IsCancellationRequested)
        {
            return;
        }
        try
        {
            if (!await _gate.WaitAsync(0, CancellationToken.None).ConfigureAwait(false))
            {
                return;
            }
            try
            {
                await Task.WhenAll(providers.Select(ReconcileAsync)).ConfigureAwait(false);
            }
            finally
            {
                _gate.Release();
            }
        }
        catch (ObjectDisposedException)
        {
            // A tick or a reconnect raced the store's disposal: nothing left to reconcile.
        }
    }

    private async Task ReconcileAsync(string provider)
    {
        var offlineMark = mirror.OfflineMark(provider);
        var read = await access.RunAsync("breaker reconcile", provider, scripts.Keys.Breaker(provider),
            static (database, key) => database.HashGetAsync(key, Fields), OperationTimeout).ConfigureAwait(false);
        if (!read.Answered)
        {
            return;
        }
        var fields = read.Value!;
        var remote = RedisBreakerCodec.FromFields(fields[0], fields[1], fields[2], fields[3], fields[4], fields[5], fields[6]);
        var local = mirror.GetState(provider);
        if (offlineMark != 0)
        {
            await merger.MergeAsync(provider, offlineMark, local, remote, OperationTimeout).ConfigureAwait(false);
        }
        else if (remote.Epoch > local.Epoch)
        {
            if (mirror.TryApply(provider, remote, force: false))
            {
                if (logger.IsEnabled(LogLevel.Information))
                {
                    LogRepaired(logger, provider, remote.State.ToWire(), remote.Epoch);
                }
            }
        }
        else if (remote.Epoch < local.Epoch)
        {
            // Redis lost this state: write ours back.
            var seeded = await scripts.EvaluateAsync(provider, RedisBreakerScripts.Seed, [scripts.Keys.Breaker(provider)],
            [
                (int)local.State, local.ConsecutiveFailures, local.Epoch, RedisBreakerCodec.Ms(local.LastFailureTime),
                RedisBreakerCodec.Ms(local.OpenedAt), RedisBreakerCodec.Ms(local.RetryAt), local.LastError ?? "", scripts.Ttl,
            ], OperationTimeout).ConfigureAwait(false);
            if (seeded is { } s)
            {
                mirror.TryApply(provider, s.State, force: false);
                scripts.Publish(provider, s.State, s.Changed);
            }
        }
    }

    public void Dispose() => _gate.Dispose();

    [LoggerMessage(EventId = 314, Level = LogLevel.Information, Message = "Provider {Provider}: reconcile applied a missed change, {State} (epoch {Epoch})")]
    private static partial void LogRepaired(ILogger logger, string provider, string state, long epoch);
}
