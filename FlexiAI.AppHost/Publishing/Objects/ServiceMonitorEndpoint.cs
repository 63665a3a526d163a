namespace FlexiAI.AppHost.Publishing.Objects;

/// <summary>One scraped port of a <see cref="ServiceMonitor"/>.</summary>
internal sealed class ServiceMonitorEndpoint
{
    /// <summary>The Service port's name.</summary>
    public string Port { get; set; } = "";

    public string Path { get; set; } = "/metrics";

    public string Interval { get; set; } = "";
}
