using FlexiAI.AppHost.Publishing.Objects;
using static FlexiAI.AppHost.Publishing.KubernetesObjectParts;

namespace FlexiAI.AppHost.Publishing;

/// <summary>The Prometheus Operator's objects: a ServiceMonitor per metrics endpoint, and the alert rules as a PrometheusRule.</summary>
internal static class MonitoringObjects
{
    public static ServiceMonitor ServiceMonitorFor(DeployedWorkload workload)
    {
        var metrics = workload.Metrics ?? throw new ArgumentException($"'{workload.Name}' has no metrics endpoint.", nameof(workload));
        var port = workload.Endpoints.FirstOrDefault(e => e.Scheme is "http" or "https")
            ?? throw new NotSupportedException($"'{workload.Name}' serves metrics but has no HTTP endpoint.");
        return new ServiceMonitor
        {
            Metadata = Metadata(workload.Name, workload.Labels),
            Spec = new ServiceMonitorSpec
            {
                Selector = Selector(workload.Labels),
                Endpoints = [new ServiceMonitorEndpoint { Port = port.Name, Path = metrics.Path, Interval = KubernetesDefaults.ScrapeInterval }],
            },
        };
    }

    /// <summary>
    /// The rule file as a PrometheusRule, read strictly: a field the typed rule model does not know stops the generator,
    /// rather than being dropped from what the cluster runs.
    /// </summary>
    public static PrometheusRule PrometheusRuleFrom(string ruleFileText, string source)
    {
        PrometheusRuleFile rules;
        try
        {
            rules = k8s.KubernetesYaml.Deserialize<PrometheusRuleFile>(ruleFileText, strict: true);
        }
        catch (YamlDotNet.Core.YamlException error)
        {
            throw new InvalidOperationException($"{source} is not a rule file the generator can read: {error.Message}", error);
        }

        if (rules.Groups.Count == 0 || rules.Groups.Any(g => g.Rules.Count == 0 || g.Rules.Any(r => string.IsNullOrWhiteSpace(r.Expr))))
        {
            throw new InvalidOperationException($"{source}: every group needs rules, and every rule an expr.");
        }

        return new PrometheusRule
        {
            Metadata = Metadata($"{KubernetesDefaults.PartOf}-alerts", Labels($"{KubernetesDefaults.PartOf}-alerts")),
            Spec = rules,
        };
    }
}
