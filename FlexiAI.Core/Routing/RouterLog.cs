using Microsoft.Extensions.Logging;

namespace FlexiAI.Routing;

internal static partial class RouterLog
{
    [LoggerMessage(EventId = 100, Level = LogLevel.Warning,
        Message = "Attempt {Attempt} on provider {Provider} failed after {DurationMs:0.0} ms: {ErrorType} ({Description}); failing over: {FailsOver}")]
    public static partial void AttemptFailed(ILogger logger, string provider, int attempt, double durationMs, string errorType, string description, bool failsOver);

    [LoggerMessage(EventId = 101, Level = LogLevel.Debug, Message = "Skipping provider {Provider}: breaker {State}")]
    public static partial void ProviderSkipped(ILogger logger, string provider, string state);

    [LoggerMessage(EventId = 102, Level = LogLevel.Debug,
        Message = "Request answered by provider {Provider} on attempt {Attempt} in {DurationMs:0.0} ms")]
    public static partial void AttemptSucceeded(ILogger logger, string provider, int attempt, double durationMs);

    [LoggerMessage(EventId = 103, Level = LogLevel.Error, Message = "Recording the outcome for provider {Provider} in the breaker store failed")]
    public static partial void BreakerStoreFailed(ILogger logger, string provider, Exception exception);

    [LoggerMessage(EventId = 104, Level = LogLevel.Warning, Message = "No provider available for the request: {Summary}")]
    public static partial void NoProviderAvailable(ILogger logger, string summary);

    [LoggerMessage(EventId = 105, Level = LogLevel.Debug,
        Message = "Hedging: attempt {Attempt} on provider {Provider} started after {WaitedMs:0.0} ms without an answer")]
    public static partial void HedgeStarted(ILogger logger, string provider, int attempt, double waitedMs);

    [LoggerMessage(EventId = 106, Level = LogLevel.Debug,
        Message = "Hedging: attempt {Attempt} on provider {Provider} discarded after {DurationMs:0.0} ms: another provider answered first")]
    public static partial void AttemptDiscarded(ILogger logger, string provider, int attempt, double durationMs);

    [LoggerMessage(EventId = 107, Level = LogLevel.Error,
        Message = "Attempt {Attempt} on provider {Provider}: the gateway failed while handling it (not counted against the provider)")]
    public static partial void GatewayFailed(ILogger logger, string provider, int attempt, Exception exception);
}
