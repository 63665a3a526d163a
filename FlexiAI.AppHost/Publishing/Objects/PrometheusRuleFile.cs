namespace FlexiAI.AppHost.Publishing.Objects;

/// <summary>A Prometheus rule file (<c>deploy/prometheus/alerts.yml</c>), which is also a PrometheusRule's <c>spec</c>.</summary>
internal sealed class PrometheusRuleFile
{
    public List<PrometheusRuleGroup> Groups { get; set; } = [];
}
