namespace FlexiAI.Api.Continuation;

internal static partial class ContinuationLog
{
    [LoggerMessage(EventId = 800, Level = LogLevel.Warning,
        Message = "The stream from provider {Broken} broke after {Characters} characters; provider {Provider} continued it {DelayMs:0.0} ms after the break")]
    public static partial void Continued(ILogger logger, string broken, string provider, int characters, double delayMs);
}
