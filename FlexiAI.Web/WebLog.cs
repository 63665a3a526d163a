namespace FlexiAI.Web;

/// <summary>The web UI's log messages.</summary>
internal static partial class WebLog
{
    [LoggerMessage(1, LogLevel.Warning, "The breaker board cannot read the gateway's /cluster: {Reason}. Retrying every poll.")]
    public static partial void ClusterUnavailable(ILogger logger, string reason);

    [LoggerMessage(2, LogLevel.Information, "The breaker board reads the gateway's /cluster again.")]
    public static partial void ClusterRecovered(ILogger logger);

    [LoggerMessage(3, LogLevel.Error, "A breaker board subscriber failed.")]
    public static partial void SubscriberFailed(ILogger logger, Exception exception);
}
