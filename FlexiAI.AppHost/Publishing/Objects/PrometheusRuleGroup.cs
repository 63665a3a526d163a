namespace FlexiAI.AppHost.Publishing.Objects;

/// <summary>A named group of Prometheus rules, evaluated together.</summary>
internal sealed class PrometheusRuleGroup
{
    public string Name { get; set; } = "";

    public string? Interval { get; set; }

    public List<PrometheusRuleEntry> Rules { get; set; } = [];
}
