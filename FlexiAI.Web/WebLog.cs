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

    [LoggerMessage(4, LogLevel.Information, "An operator signed in from {RemoteAddress}.")]
    public static partial void SignedIn(ILogger logger, string? remoteAddress);

    [LoggerMessage(5, LogLevel.Warning, "Sign-in refused from {RemoteAddress}: the gateway did not accept the key as an admin key.")]
    public static partial void SignInRejected(ILogger logger, string? remoteAddress);

    [LoggerMessage(6, LogLevel.Warning, "Sign-in from {RemoteAddress} not possible: the gateway did not answer the key check.")]
    public static partial void SignInUnavailable(ILogger logger, string? remoteAddress);

    [LoggerMessage(7, LogLevel.Information, "An operator signed out from {RemoteAddress}.")]
    public static partial void SignedOut(ILogger logger, string? remoteAddress);
}
