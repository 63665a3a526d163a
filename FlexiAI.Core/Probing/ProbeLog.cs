using Microsoft.Extensions.Logging;

namespace FlexiAI.Probing;

internal static partial class ProbeLog
{
    [LoggerMessage(EventId = 330, Level = LogLevel.Information,
        Message = "Background probe of provider {Provider} ({Probe}) succeeded in {DurationMs:0.0} ms")]
    public static partial void ProbeSucceeded(ILogger logger, string provider, string probe, double durationMs);

    [LoggerMessage(EventId = 331, Level = LogLevel.Warning,
        Message = "Background probe of provider {Provider} ({Probe}) failed after {DurationMs:0.0} ms: {ErrorType} ({Description})")]
    public static partial void ProbeFailed(ILogger logger, string provider, string probe, double durationMs, string errorType, string description);

    [LoggerMessage(EventId = 332, Level = LogLevel.Error, Message = "Asking for the probe lease of provider {Provider} failed")]
    public static partial void LeaseFailed(ILogger logger, string provider, Exception exception);
}
