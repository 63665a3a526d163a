using k8s.Models;

namespace FlexiAI.AppHost.Publishing.Objects;

/// <summary>Which Services a <see cref="ServiceMonitor"/> selects, and how their endpoints are scraped.</summary>
internal sealed class ServiceMonitorSpec
{
    public V1LabelSelector Selector { get; set; } = new();

    public List<ServiceMonitorEndpoint> Endpoints { get; set; } = [];
}
