using FlexiAI.Breakers;
using FlexiAI.Options;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace FlexiAI.Redis;

/// <summary>
/// Runs the breaker scripts (<see cref="RedisBreakerScripts"/>) through <see cref="RedisAccess"/> and announces what
/// changed on the breaker channel, for the other replicas' <see cref="RedisBreakerSubscriber"/>.
/// </summary>
internal sealed partial class RedisBreakerScriptRunner(RedisAccess access, RedisOptions redis, ILogger logger)
{
    private static readonly TimeSpan ReleaseTimeout = TimeSpan.FromSeconds(2);

    public RedisBreakerKeys Keys { get; } = new(redis.KeyPrefix);

    /// <summary>Expiry of breaker keys in ms (<see cref="RedisOptions.StateTtl"/>), as scripts take it.</summary>
    public string Ttl { get; } = RedisBreakerCodec.Number((long)redis.StateTtl.TotalMilliseconds);

    /// <summary>This replica's id in announcements: its own come back to it and are ignored.</summary>
    public string Origin { get; } = Guid.NewGuid().ToString("N")[..12];

    /// <summary>The script's decision; null when Redis is not connected or did not answer in time.</summary>
    /// <param name="timeout">Default <see cref="RedisOptions.OperationTimeout"/>.</param>
    /// <param name="onTimeout">Called with the pending script when the timeout passes (the script may still run).</param>
    public async Task<(BreakerState State, bool Changed, bool Granted)?> EvaluateAsync(string provider, string script,
        RedisKey[] keys, RedisValue[] values, TimeSpan? timeout = null, Action<Task<RedisResult>>? onTimeout = null)
    {
        var reply = await access.RunAsync("breaker script", provider, (script, keys, values),
            static (database, call) => database.ScriptEvaluateAsync(call.script, call.keys, call.values),
            timeout ?? redis.OperationTimeout, onTimeout).ConfigureAwait(false);
        return reply.Answered ? RedisBreakerCodec.FromScript(reply.Value!) : null;
    }

    /// <summary>Announces a change (fire and forget: a lost message is repaired by the next reconcile).</summary>
    public void Publish(string provider, BreakerState state, bool changed)
    {
        if (!changed || access.Connection.Multiplexer is not { } multiplexer)
        {
            return;
        }
        try
        {
            multiplexer.GetSubscriber().Publish(RedisChannel.Literal(Keys.Channel),
                RedisBreakerCodec.Message(provider, Origin, state), CommandFlags.FireAndForget);
        }
        catch (RedisException exception)
        {
            // The periodic reconcile delivers what this message would have.
            LogPublishFailed(logger, provider, exception.Message);
        }
    }

    /// <summary>
    /// The probe script did not answer within the operation timeout, so this replica skipped the provider; the script may
    /// still run when Redis wakes up and grant a lease to nobody, which would block the cluster's probes for the lease's
    /// life. A removal of that lease is queued at once on the same connection, so Redis runs it after the script whatever
    /// happens to the reply (the client may give up on it: its own timeout is shorter than a long freeze). A reply that
    /// does arrive and says "granted" removes it again, in case the script was re-sent after the removal.
    /// </summary>
    public void AbandonLease(string provider, string leaseId, Task<RedisResult> evaluation)
    {
        if (access.Connection.Multiplexer is not { } multiplexer)
        {
            RedisAccess.Observe(evaluation);
            return;
        }
        try
        {
            multiplexer.GetDatabase().SortedSetRemove(Keys.Probes(provider), leaseId, CommandFlags.FireAndForget);
        }
        catch (RedisException exception)
        {
            // Not even queued: the reply below, or the lease's expiry, ends it.
            LogQueueFailed(logger, provider, exception.Message);
        }
        access.Forget(evaluation.ContinueWith(late =>
        {
            if (late.IsCompletedSuccessfully)
            {
                if (RedisBreakerCodec.FromScript(late.Result).Granted)
                {
                    access.Forget(ReleaseAsync(provider, leaseId), "releasing a late probe lease");
                }
            }
            else
            {
                // The client gave up on the reply (its own timeout, or the connection closed): observed, nothing to do.
                _ = late.Exception;
            }
        }, CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default), "abandoning a probe lease");
    }

    private async Task ReleaseAsync(string provider, string leaseId)
    {
        var reply = await access.RunAsync("probe lease release", provider, (Keys.Probes(provider), leaseId),
            static (database, lease) => database.SortedSetRemoveAsync(lease.Item1, lease.leaseId), ReleaseTimeout).ConfigureAwait(false);
        if (reply.Answered)
        {
            LogLateLeaseReleased(logger, provider);
        }
        // Otherwise the removal queued at the timeout, or the lease's expiry, ends it.
    }

    [LoggerMessage(EventId = 318, Level = LogLevel.Information,
        Message = "Released a probe lease for provider {Provider} that Redis granted after the operation timeout")]
    private static partial void LogLateLeaseReleased(ILogger logger, string provider);

    [LoggerMessage(EventId = 311, Level = LogLevel.Warning, Message = "Queuing the removal of an abandoned probe lease for provider {Provider} failed ({Reason})")]
    private static partial void LogQueueFailed(ILogger logger, string provider, string reason);

    [LoggerMessage(EventId = 317, Level = LogLevel.Warning, Message = "Publishing a breaker change for provider {Provider} failed: {Reason}")]
    private static partial void LogPublishFailed(ILogger logger, string provider, string reason);
}
