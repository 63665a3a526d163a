namespace FlexiAI.Tests.Deploy;

/// <summary>The YAML follows the app model: change the model's settings and the objects change with them.</summary>
public sealed class AppModelDrivenTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "flexiai-k8s-" + Guid.NewGuid().ToString("N")[..8]);

    [Fact]
    public async Task Replicas_and_scaling_follow_the_settings_and_run_ports_stay_out()
    {
        await AppHostPublisher.PublishKubernetesAsync(_folder, TestContext.Current.CancellationToken,
            "--Gateway:Replicas=4", "--Gateway:Port=6080", "--Kubernetes:MaxReplicas=12", "--Kubernetes:InFlightTarget=40");
        var objects = KubernetesObjects.Load(Path.Combine(_folder, "base"));

        var autoscaler = objects.Get("HorizontalPodAutoscaler", "gateway").Root.At("spec");
        Assert.Equal(4, autoscaler.At("minReplicas").AsInt32());
        Assert.Equal(12, autoscaler.At("maxReplicas").AsInt32());
        Assert.Equal(40, autoscaler.At("metrics").Items().Single(m => m.At("type").Text() == "Pods").At("pods", "target", "averageValue").AsInt32());

        // Gateway:Port is the port of `dotnet run`; a deployment listens where the container does.
        Assert.Equal(8080, Assert.Single(objects.Get("Service", "gateway").Root.At("spec", "ports").Items()).At("port").AsInt32());
        var web = KubernetesObjects.Container(objects.Get("Deployment", "web"), "web");
        Assert.Equal("http://gateway:8080", KubernetesObjects.Environment(web).Single(v => v.Name == "services__gateway__http__0").Value);
    }

    [Fact]
    public async Task Regenerating_replaces_files_that_are_no_longer_generated_and_keeps_others()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        await AppHostPublisher.PublishKubernetesAsync(_folder, cancellationToken);
        Assert.True(File.Exists(Path.Combine(_folder, "base", "cache-statefulset.yaml")));
        var overlay = Path.Combine(_folder, "overlays", "mine");
        Directory.CreateDirectory(overlay);
        await File.WriteAllTextAsync(Path.Combine(overlay, "ingress.yaml"), "# the operator's own file\n", cancellationToken);
        await File.WriteAllTextAsync(Path.Combine(_folder, "base", "kept.yaml"), "# the operator's own file\n", cancellationToken);

        await AppHostPublisher.PublishKubernetesAsync(_folder, cancellationToken, "--Kubernetes:Redis=external");

        Assert.False(File.Exists(Path.Combine(_folder, "base", "cache-statefulset.yaml")));
        Assert.True(File.Exists(Path.Combine(overlay, "ingress.yaml")));
        Assert.True(File.Exists(Path.Combine(_folder, "base", "kept.yaml")));
    }

    public void Dispose()
    {
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }
}
