using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace FlexiAI.Redis;

/// <summary>
/// The one policy for every call to Redis (breaker store, rate-limit budgets, response cache, replica registry, the
/// health check's PING): no call while disconnected, a bounded wait, and failures caught and logged, never thrown.
/// Callers then decide locally. Each caller makes its own (cheap) instance, so logs keep the caller's category.
/// </summary>
public sealed partial class RedisAccess(RedisConnection connection, TimeProvider time, ILogger logger)
{
    /// <summary>The connection this policy guards.</summary>
    public RedisConnection Connection => connection;

    /// <summary>A Redis connection is configured.</summary>
    public bool Configured => connection.Configured;

    /// <summary>Connected to a server that can take writes now.</summary>
    public bool IsConnected => connection.IsConnected;

    /// <summary>
    /// Runs <paramref name="call"/> on the database if Redis is connected, waiting at most <paramref name="timeout"/>.
    /// Never throws for Redis's failures: they come back as the reply's <see cref="RedisOutcome"/>, logged as
    /// <paramref name="operation"/> about <paramref name="subject"/> (a provider, a caller; at Debug when
    /// <paramref name="quiet"/>, for calls repeated every second).
    /// </summary>
    /// <param name="onLateReply">Called with the value if it arrives after the timeout (the command ran anyway).</param>
    public async Task<RedisReply<T>> RunAsync<TState, T>(string operation, string subject, TState state, Func<IDatabase, TState, Task<T>> call,
        TimeSpan timeout, Action<T>? onLateReply = null, bool quiet = false)
    {
        ArgumentNullException.ThrowIfNull(call);
        if (connection.Multiplexer is not { IsConnected: true } multiplexer)
        {
            return new(RedisOutcome.NotConnected, default);
        }
        Task<T>? pending = null;
        try
        {
            pending = call(multiplexer.GetDatabase(), state);
            return new(RedisOutcome.Answered, await pending.WaitAsync(timeout, time).ConfigureAwait(false));
        }
        catch (TimeoutException) when (pending is not null)
        {
            LogSlow(logger, quiet ? LogLevel.Debug : LogLevel.Warning, operation, subject, timeout.TotalMilliseconds);
            ObserveLate(pending, operation, onLateReply);
            return new(RedisOutcome.TimedOut, default);
        }
        catch (Exception exception) when (exception is RedisException or TimeoutException or ObjectDisposedException)
        {
            LogFailed(logger, quiet ? LogLevel.Debug : LogLevel.Warning, operation, subject, exception.Message);
            return new(RedisOutcome.Failed, default);
        }
    }

    /// <summary>
    /// Runs background work nobody awaits (a reconcile, a late lease's release), observing it: its failure is logged,
    /// never left to the unobserved-task handler.
    /// </summary>
    public void Forget(Task work, string operation)
    {
        ArgumentNullException.ThrowIfNull(work);
        if (work.IsCompletedSuccessfully)
        {
            return;
        }
        _ = work.ContinueWith(static (task, state) =>
            {
                var (logger, operation) = ((ILogger, string))state!;
                LogBackgroundFailed(logger, operation, task.Exception!.GetBaseException().Message);
            }, (logger, operation), CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
    }

    /// <summary>A reply that comes after the timeout: handed to <paramref name="onLateReply"/>, its failure observed.</summary>
    private void ObserveLate<T>(Task<T> pending, string operation, Action<T>? onLateReply)
    {
        Forget(pending.ContinueWith(static (late, state) =>
        {
            var onLateReply = (Action<T>?)state;
            if (late.IsCompletedSuccessfully)
            {
                onLateReply?.Invoke(late.Result);
            }
            else
            {
                // Already reported as slow: a failure that follows changes nothing (read so it is observed).
                _ = late.Exception;
            }
        }, onLateReply, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default), operation);
    }

    [LoggerMessage(EventId = 305, Message = "Redis did not answer {Operation} ({Subject}) within {TimeoutMs} ms; deciding locally")]
    private static partial void LogSlow(ILogger logger, LogLevel level, string operation, string subject, double timeoutMs);

    [LoggerMessage(EventId = 306, Message = "Redis {Operation} ({Subject}) failed: {Reason}; deciding locally")]
    private static partial void LogFailed(ILogger logger, LogLevel level, string operation, string subject, string reason);

    [LoggerMessage(EventId = 307, Level = LogLevel.Error, Message = "Background Redis work ({Operation}) failed: {Reason}")]
    private static partial void LogBackgroundFailed(ILogger logger, string operation, string reason);
}
