namespace FlexiAI.Tests.Deploy;

/// <summary>
/// A rollout or scale-down lets the gateway finish its streams: Kubernetes waits at least the gateway's own drain
/// (readiness delay + drain timeout, set in its settings) plus a margin before SIGKILL, after a preStop sleep.
/// </summary>
[Collection(DeploymentCollection.Name)]
public sealed class GatewayDrainTests(DeploymentFixture fixture)
{
    private YamlDotNet.RepresentationModel.YamlNode PodSpec => fixture.Objects.Get("Deployment", "gateway").Root.At("spec", "template", "spec");

    private IReadOnlyDictionary<string, YamlDotNet.RepresentationModel.YamlNode> Settings =>
        fixture.Objects.Get("ConfigMap", "gateway-config").Root.At("data").Entries();

    [Fact]
    public void Gateway_gets_the_drain_settings_of_the_app_model()
    {
        Assert.Equal(TimeSpan.FromSeconds(60), TimeSpan.Parse(Settings["FlexiAI__Shutdown__DrainTimeout"].Text(), System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(TimeSpan.FromSeconds(5), TimeSpan.Parse(Settings["FlexiAI__Shutdown__ReadinessDelay"].Text(), System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void Grace_period_covers_preStop_readiness_delay_drain_and_a_margin()
    {
        var drain = TimeSpan.Parse(Settings["FlexiAI__Shutdown__DrainTimeout"].Text(), System.Globalization.CultureInfo.InvariantCulture);
        var delay = TimeSpan.Parse(Settings["FlexiAI__Shutdown__ReadinessDelay"].Text(), System.Globalization.CultureInfo.InvariantCulture);
        var preStop = KubernetesObjects.Container(fixture.Objects.Get("Deployment", "gateway"), "gateway")
            .At("lifecycle", "preStop", "sleep", "seconds").AsInt32();
        var grace = PodSpec.At("terminationGracePeriodSeconds").AsInt32();

        // The grace period runs from the start of preStop; after it, SIGTERM starts the gateway's own drain.
        Assert.Equal(delay.TotalSeconds, preStop);
        Assert.True(grace >= preStop + delay.TotalSeconds + drain.TotalSeconds + 10,
            $"terminationGracePeriodSeconds {grace} < preStop {preStop} + delay {delay.TotalSeconds} + drain {drain.TotalSeconds} + 10");
    }

    [Fact]
    public void Web_UI_keeps_the_default_grace_period()
    {
        var web = fixture.Objects.Get("Deployment", "web").Root.At("spec", "template", "spec");
        Assert.Null(web.TryAt("terminationGracePeriodSeconds"));
        Assert.Null(KubernetesObjects.Container(fixture.Objects.Get("Deployment", "web"), "web").TryAt("lifecycle"));
    }
}
