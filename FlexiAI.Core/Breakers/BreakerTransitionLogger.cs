using Microsoft.Extensions.Logging;

namespace FlexiAI.Breakers;

/// <summary>Logs breaker transitions with severity following state: OPEN Error, HALF_OPEN Warning, CLOSED Information.</summary>
internal static partial class BreakerTransitionLogger
{
    public static void Attach(IBreakerStateStore store, ILogger logger) =>
        store.StateChanged += (_, change) =>
        {
            if (change.Previous.State == change.Current.State)
            {
                return;
            }
            var level = change.Current.State switch
            {
                CircuitState.Open => LogLevel.Error,
                CircuitState.HalfOpen => LogLevel.Warning,
                _ => LogLevel.Information,
            };
            Transition(logger, level, change.Provider, change.Previous.State.ToWire(), change.Current.State.ToWire(),
                change.Current.Epoch, change.Current.LastError);
        };

    [LoggerMessage(EventId = 200, Message = "Circuit breaker for provider {Provider}: {From} -> {To} (epoch {Epoch}, last error: {LastError})")]
    private static partial void Transition(ILogger logger, LogLevel level, string provider, string from, string to, long epoch, string? lastError);
}
