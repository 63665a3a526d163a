using Microsoft.Extensions.Configuration;

namespace Aspire.Hosting;

/// <summary>Reads the AppHost's own settings, failing with a message that names a bad one.</summary>
internal static class AppHostSettings
{
    /// <summary>
    /// A fixed port from <paramref name="key"/> (default <paramref name="defaultPort"/>), or
    /// <see langword="null"/> for 0, which lets Aspire allocate one (tests running beside a live app).
    /// </summary>
    public static int? GetPort(this IConfiguration configuration, string key, int defaultPort)
    {
        var port = Get(configuration, key, defaultPort);
        return port switch
        {
            0 => null,
            > 0 and <= 65535 => port,
            _ => throw new InvalidOperationException($"{key} is {port}; expected a port 1-65535, or 0 for any free port."),
        };
    }

    /// <summary>
    /// The port of an endpoint: under <c>dotnet run</c> the fixed one of <see cref="GetPort"/>; when publishing none, so
    /// that the deployment target picks it (azd refuses an external HTTP binding with a fixed port, and a Kubernetes
    /// Service then listens on the container port).
    /// </summary>
    public static int? GetRunPort(this IDistributedApplicationBuilder builder, string key, int defaultPort) =>
        builder.ExecutionContext.IsPublishMode ? null : builder.Configuration.GetPort(key, defaultPort);

    /// <summary>A replica count from <paramref name="key"/> (default <paramref name="defaultReplicas"/>), at least 1.</summary>
    public static int GetReplicas(this IConfiguration configuration, string key, int defaultReplicas)
    {
        var replicas = Get(configuration, key, defaultReplicas);
        return replicas >= 1
            ? replicas
            : throw new InvalidOperationException($"{key} is {replicas}; expected 1 or more.");
    }

    private static int Get(IConfiguration configuration, string key, int defaultValue)
    {
        var text = configuration[key];
        if (string.IsNullOrWhiteSpace(text))
        {
            return defaultValue;
        }

        return int.TryParse(text, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new InvalidOperationException($"{key} is '{text}'; expected a whole number.");
    }
}
