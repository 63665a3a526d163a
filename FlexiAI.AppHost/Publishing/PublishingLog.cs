using Microsoft.Extensions.Logging;

namespace FlexiAI.AppHost.Publishing;

/// <summary>What the Kubernetes publishing step tells the operator.</summary>
internal static partial class PublishingLog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Information,
        Message = "Redis '{Name}' is external: no Redis objects; the connection string comes from the Secret.")]
    public static partial void ExternalRedis(ILogger logger, string name);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information,
        Message = "{Resource}: {Variable} left out: it refers to '{Excluded}', which is not deployed.")]
    public static partial void VariableLeftOut(ILogger logger, string resource, string variable, string excluded);

    [LoggerMessage(EventId = 3, Level = LogLevel.Information, Message = "Wrote {Count} Kubernetes files to {Output} (Redis: {Redis}).")]
    public static partial void Wrote(ILogger logger, int count, string output, RedisDeployment redis);
}
