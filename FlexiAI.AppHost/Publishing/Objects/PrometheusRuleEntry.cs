using YamlDotNet.Serialization;

namespace FlexiAI.AppHost.Publishing.Objects;

/// <summary>An alerting rule (<see cref="Alert"/>) or a recording rule (<see cref="Record"/>) of Prometheus.</summary>
internal sealed class PrometheusRuleEntry
{
    public string? Alert { get; set; }

    public string? Record { get; set; }

    public string Expr { get; set; } = "";

    public string? For { get; set; }

    [YamlMember(Alias = "keep_firing_for", ApplyNamingConventions = false)]
    public string? KeepFiringFor { get; set; }

    public Dictionary<string, string>? Labels { get; set; }

    public Dictionary<string, string>? Annotations { get; set; }
}
