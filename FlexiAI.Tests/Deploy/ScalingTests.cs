namespace FlexiAI.Tests.Deploy;

/// <summary>The gateway's HorizontalPodAutoscaler and PodDisruptionBudget.</summary>
[Collection(DeploymentCollection.Name)]
public sealed class ScalingTests(DeploymentFixture fixture)
{
    [Fact]
    public void Autoscaler_keeps_the_gateway_between_3_and_10_replicas_on_CPU_and_requests_in_flight()
    {
        var spec = fixture.Objects.Get("HorizontalPodAutoscaler", "gateway").Root.At("spec");

        Assert.Equal("Deployment", spec.At("scaleTargetRef", "kind").Text());
        Assert.Equal("gateway", spec.At("scaleTargetRef", "name").Text());
        Assert.Equal(3, spec.At("minReplicas").AsInt32());
        Assert.Equal(10, spec.At("maxReplicas").AsInt32());
        var metrics = spec.At("metrics").Items();
        Assert.Equal(2, metrics.Count);

        var cpu = Assert.Single(metrics, m => m.At("type").Text() == "Resource");
        Assert.Equal("cpu", cpu.At("resource", "name").Text());
        Assert.Equal("Utilization", cpu.At("resource", "target", "type").Text());
        Assert.Equal(70, cpu.At("resource", "target", "averageUtilization").AsInt32());

        // A gateway spends its time waiting on providers: the work it holds is requests and streams in flight.
        var inFlight = Assert.Single(metrics, m => m.At("type").Text() == "Pods");
        Assert.Equal("flexiai_requests_in_flight", inFlight.At("pods", "metric", "name").Text());
        Assert.Equal("AverageValue", inFlight.At("pods", "target", "type").Text());
        Assert.Equal(100, inFlight.At("pods", "target", "averageValue").AsInt32());
    }

    [Fact]
    public void Disruption_budget_lets_one_gateway_pod_go_at_a_time()
    {
        var spec = fixture.Objects.Get("PodDisruptionBudget", "gateway").Root.At("spec");
        var podLabels = fixture.Objects.Get("Deployment", "gateway").Root.At("spec", "template", "metadata", "labels").Entries();

        Assert.Equal(1, spec.At("maxUnavailable").AsInt32());
        // All providers down makes every pod unready; a drain must not wait for the providers.
        Assert.Equal("AlwaysAllow", spec.At("unhealthyPodEvictionPolicy").Text());
        foreach (var (key, value) in spec.At("selector", "matchLabels").Entries())
        {
            Assert.Equal(value.Text(), podLabels[key].Text());
        }
    }

    [Fact]
    public void Single_replica_workloads_get_no_autoscaler_or_budget()
    {
        // Not autoscaled: its replica count stays in the Deployment.
        Assert.Equal(1, fixture.Objects.Get("Deployment", "web").Root.At("spec", "replicas").AsInt32());
        Assert.Null(fixture.Objects.Find("HorizontalPodAutoscaler", "web"));
        Assert.Null(fixture.Objects.Find("PodDisruptionBudget", "web"));
    }
}
