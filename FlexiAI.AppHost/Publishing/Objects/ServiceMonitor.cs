using k8s.Models;

namespace FlexiAI.AppHost.Publishing.Objects;

/// <summary>The Prometheus Operator's ServiceMonitor (<c>monitoring.coreos.com/v1</c>): scrape the pods behind a Service.</summary>
internal sealed class ServiceMonitor
{
    public string ApiVersion { get; set; } = "monitoring.coreos.com/v1";

    public string Kind { get; set; } = "ServiceMonitor";

    public V1ObjectMeta Metadata { get; set; } = new();

    public ServiceMonitorSpec Spec { get; set; } = new();
}
