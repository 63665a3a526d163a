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
    /// <param name="onTimeout">
    /// Called with the pending call when the timeout passes (the command may still run); it then owns observing it.
    /// Without it the call is observed here and its late result (or failure, already reported as slow) dropped.
    /// </param>
    public async Task<RedisReply<T>> RunAsync<TState, T>(string operation, string subject, TState state, Func<IDatabase, TState, Task<T>> call,
        TimeSpan timeout, Action<Task<T>>? onTimeout = null, bool quiet = false)
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
            if (onTimeout is not null)
            {
                onTimeout(pending);
            }
            else
            {
                Observe(pending);
            }
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

    /// <summary>Reads a late call's failure so it never reaches the unobserved-task handler (it was reported as slow).</summary>
    public static void Observe(Task late)
    {
        ArgumentNullException.ThrowIfNull(late);
        _ = late.ContinueWith(static task => _ = task.Exception, CancellationToken.None,
            TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    [LoggerMessage(EventId = 305, Message = "Redis did not answer {Operation} ({Subject}) within {TimeoutMs} ms; deciding locally")]
    private static partial void LogSlow(ILogger logger, LogLevel level, string operation, string subject, double timeoutMs);

    [LoggerMessage(EventId = 306, Message = "Redis {Operation} ({Subject}) failed: {Reason}; deciding locally")]
    private static partial void LogFailed(ILogger logger, LogLevel level, string operation, string subject, string reason);

    [LoggerMessage(EventId = 307, Level = LogLevel.Error, Message = "Background Redis work ({Operation}) failed: {Reason}")]
    private static partial void LogBackgroundFailed(ILogger logger, string operation, string reason);
}
