using k8s.Models;

namespace FlexiAI.AppHost.Publishing.Objects;

/// <summary>The Prometheus Operator's PrometheusRule (<c>monitoring.coreos.com/v1</c>): rule groups Prometheus loads.</summary>
internal sealed class PrometheusRule
{
    public string ApiVersion { get; set; } = "monitoring.coreos.com/v1";

    public string Kind { get; set; } = "PrometheusRule";

    public V1ObjectMeta Metadata { get; set; } = new();

    public PrometheusRuleFile Spec { get; set; } = new();
}
