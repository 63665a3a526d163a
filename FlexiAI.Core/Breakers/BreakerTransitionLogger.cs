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
            var from = change.Previous.State.ToWire();
            var to = change.Current.State.ToWire();
            // A breaker opened by the gateway's own configuration says so, once per change, not once per request.
            switch (change.Current.State == CircuitState.Open ? BreakerFaults.TypeOf(change.Current.LastError) : null)
            {
                case BreakerFaults.Auth:
                    CredentialsRejected(logger, change.Provider, change.Current.LastError, from, to, change.Current.RetryAt);
                    break;
                case BreakerFaults.NotFound:
                    ModelNotFound(logger, change.Provider, change.Current.LastError, from, to, change.Current.RetryAt);
                    break;
                default:
                    Transition(logger, level, change.Provider, from, to, change.Current.Epoch, change.Current.LastError);
                    break;
            }
        };

    [LoggerMessage(EventId = 200, Message = "Circuit breaker for provider {Provider}: {From} -> {To} (epoch {Epoch}, last error: {LastError})")]
    private static partial void Transition(ILogger logger, LogLevel level, string provider, string from, string to, long epoch, string? lastError);

    [LoggerMessage(EventId = 201, Level = LogLevel.Error,
        Message = "Provider {Provider} rejected its credentials ({LastError}): check its API key and permissions. Circuit breaker {From} -> {To} until {RetryAt:u}")]
    private static partial void CredentialsRejected(ILogger logger, string provider, string? lastError, string from, string to, DateTimeOffset? retryAt);

    [LoggerMessage(EventId = 202, Level = LogLevel.Error,
        Message = "Provider {Provider} does not know its model, deployment or URL ({LastError}): check its Model and Endpoint. Circuit breaker {From} -> {To} until {RetryAt:u}")]
    private static partial void ModelNotFound(ILogger logger, string provider, string? lastError, string from, string to, DateTimeOffset? retryAt);
}
