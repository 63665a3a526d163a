namespace FlexiAI.Tests.Deploy;

/// <summary>The gateway's HorizontalPodAutoscaler and PodDisruptionBudget.</summary>
[Collection(DeploymentCollection.Name)]
public sealed class ScalingTests(DeploymentFixture fixture)
{
    [Fact]
    public void Autoscaler_keeps_the_gateway_between_3_and_10_replicas_at_70_percent_CPU()
    {
        var spec = fixture.Objects.Get("HorizontalPodAutoscaler", "gateway").Root.At("spec");

        Assert.Equal("Deployment", spec.At("scaleTargetRef", "kind").Text());
        Assert.Equal("gateway", spec.At("scaleTargetRef", "name").Text());
        Assert.Equal(3, spec.At("minReplicas").Int());
        Assert.Equal(10, spec.At("maxReplicas").Int());
        var metric = Assert.Single(spec.At("metrics").Items());
        Assert.Equal("cpu", metric.At("resource", "name").Text());
        Assert.Equal("Utilization", metric.At("resource", "target", "type").Text());
        Assert.Equal(70, metric.At("resource", "target", "averageUtilization").Int());
    }

    [Fact]
    public void Autoscaler_lower_bound_is_the_replica_count_of_the_Deployment()
    {
        var minimum = fixture.Objects.Get("HorizontalPodAutoscaler", "gateway").Root.At("spec", "minReplicas").Int();
        Assert.Equal(fixture.Objects.Get("Deployment", "gateway").Root.At("spec", "replicas").Int(), minimum);
    }

    [Fact]
    public void Disruption_budget_lets_one_gateway_pod_go_at_a_time()
    {
        var spec = fixture.Objects.Get("PodDisruptionBudget", "gateway").Root.At("spec");
        var podLabels = fixture.Objects.Get("Deployment", "gateway").Root.At("spec", "template", "metadata", "labels").Entries();

        Assert.Equal(1, spec.At("maxUnavailable").Int());
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
        Assert.Equal(1, fixture.Objects.Get("Deployment", "web").Root.At("spec", "replicas").Int());
        Assert.Null(fixture.Objects.Find("HorizontalPodAutoscaler", "web"));
        Assert.Null(fixture.Objects.Find("PodDisruptionBudget", "web"));
    }
}
