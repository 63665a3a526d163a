using FlexiAI.Tests.Infrastructure;
using YamlDotNet.RepresentationModel;

namespace FlexiAI.Tests.Deploy;

/// <summary>The autoscaler asks for a Pods metric that deploy/prometheus-adapter/rules.yaml serves, from the gauge the gateway exports.</summary>
[Collection(DeploymentCollection.Name)]
public sealed class AutoscalingMetricTests(DeploymentFixture fixture)
{
    [Fact]
    public void Prometheus_adapter_rules_serve_the_metric_the_autoscaler_asks_for()
    {
        var wanted = fixture.Objects.Get("HorizontalPodAutoscaler", "gateway").Root.At("spec", "metrics").Items()
            .Single(m => m.At("type").Text() == "Pods").At("pods", "metric", "name").Text();

        var stream = new YamlStream();
        stream.Load(new StringReader(File.ReadAllText(Path.Combine(RepositoryPaths.Root, "deploy", "prometheus-adapter", "rules.yaml"))));
        var rules = stream.Documents[0].RootNode.At("rules", "custom").Items();
        var rule = Assert.Single(rules, r => r.At("name", "as").Text() == wanted);

        // The series is the gateway's gauge (OTel instrument flexiai.requests.in_flight), per pod, not a rate.
        Assert.Equal("flexiai_requests_in_flight", wanted);
        Assert.StartsWith("flexiai_requests_in_flight{", rule.At("seriesQuery").Text(), StringComparison.Ordinal);
        Assert.Equal("pod", rule.At("resources", "overrides", "pod", "resource").Text());
        Assert.DoesNotContain("rate(", rule.At("metricsQuery").Text(), StringComparison.Ordinal);
    }
}
