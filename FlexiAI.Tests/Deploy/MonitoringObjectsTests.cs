using FlexiAI.AppHost.Publishing.Objects;
using FlexiAI.Tests.Infrastructure;

namespace FlexiAI.Tests.Deploy;

/// <summary>
/// The Prometheus Operator's objects: a ServiceMonitor that scrapes the gateway's /metrics through its Service, and a
/// PrometheusRule that holds exactly the rules of deploy/prometheus/alerts.yml (a change there that is not regenerated
/// fails GeneratedArtefactsTests, since the rule is built from the file at generation time).
/// </summary>
[Collection(DeploymentCollection.Name)]
public sealed class MonitoringObjectsTests(DeploymentFixture fixture)
{
    [Fact]
    public void ServiceMonitor_scrapes_metrics_on_a_port_of_the_gateway_Service()
    {
        var spec = fixture.Monitoring.Get("ServiceMonitor", "gateway").Root.At("spec");
        var service = fixture.Objects.Get("Service", "gateway").Root;
        var serviceLabels = service.At("metadata", "labels").Entries().ToDictionary(e => e.Key, e => e.Value.Text());

        Assert.All(spec.At("selector", "matchLabels").Entries(), e => Assert.Equal(e.Value.Text(), serviceLabels[e.Key]));
        var endpoint = Assert.Single(spec.At("endpoints").Items());
        Assert.Equal("/metrics", endpoint.At("path").Text());
        Assert.Contains(endpoint.At("port").Text(), service.At("spec", "ports").Items().Select(p => p.At("name").Text()));
    }

    [Fact]
    public void PrometheusRule_holds_the_rules_of_alerts_yml()
    {
        var file = k8s.KubernetesYaml.Deserialize<PrometheusRuleFile>(
            File.ReadAllText(Path.Combine(RepositoryPaths.Root, "deploy", "prometheus", "alerts.yml")), strict: true);
        var rule = k8s.KubernetesYaml.Deserialize<PrometheusRule>(
            File.ReadAllText(Path.Combine(fixture.MonitoringFolder, "prometheusrule.yaml")), strict: true);

        Assert.Equal("monitoring.coreos.com/v1", rule.ApiVersion);
        Assert.Equal(Describe(file), Describe(rule.Spec));
        Assert.Contains("FlexiAIRedisDisconnected", Describe(file), StringComparison.Ordinal);
    }

    [Fact]
    public async Task PrometheusRule_spec_passes_promtool()
    {
        var rule = k8s.KubernetesYaml.Deserialize<PrometheusRule>(
            File.ReadAllText(Path.Combine(fixture.MonitoringFolder, "prometheusrule.yaml")), strict: true);

        await Promtool.CheckRulesAsync(k8s.KubernetesYaml.Serialize(rule.Spec), TestContext.Current.CancellationToken);
    }

    // Every field of every rule, in order: equal text means the same rules.
    private static string Describe(PrometheusRuleFile file) => string.Join("\n", file.Groups.SelectMany(g => g.Rules.Select(r =>
        $"{g.Name}|{g.Interval}|{r.Alert}|{r.Record}|{r.Expr}|{r.For}|{r.KeepFiringFor}|" +
        $"{string.Join(",", (r.Labels ?? []).OrderBy(l => l.Key, StringComparer.Ordinal))}|" +
        $"{string.Join(",", (r.Annotations ?? []).OrderBy(a => a.Key, StringComparer.Ordinal))}")));
}
