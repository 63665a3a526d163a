namespace FlexiAI.Tests.Deploy;

/// <summary>The YAML follows the app model: change the model's settings and the objects change with them.</summary>
public sealed class AppModelDrivenTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "flexiai-k8s-" + Guid.NewGuid().ToString("N")[..8]);

    [Fact]
    public async Task Replicas_and_ports_follow_the_app_model_settings()
    {
        await AppHostPublisher.PublishKubernetesAsync(_folder, TestContext.Current.CancellationToken,
            "--Gateway:Replicas=4", "--Gateway:Port=6080", "--Kubernetes:Registry=registry.example.com/flexiai", "--Kubernetes:ImageTag=1.2.3");
        var objects = KubernetesObjects.Load(_folder);

        var gateway = objects.Get("Deployment", "gateway");
        Assert.Equal(4, gateway.Root.At("spec", "replicas").Int());
        Assert.Equal(4, objects.Get("HorizontalPodAutoscaler", "gateway").Root.At("spec", "minReplicas").Int());
        Assert.Equal(6080, Assert.Single(objects.Get("Service", "gateway").Root.At("spec", "ports").Items()).At("port").Int());
        Assert.Equal("registry.example.com/flexiai/flexiai-gateway:1.2.3", KubernetesObjects.Container(gateway, "gateway").At("image").Text());

        var web = KubernetesObjects.Container(objects.Get("Deployment", "web"), "web");
        Assert.Equal("http://gateway:6080", KubernetesObjects.Environment(web).Single(v => v.Name == "services__gateway__http__0").Value);
    }

    [Fact]
    public async Task Regenerating_replaces_files_that_are_no_longer_generated_and_keeps_others()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        await AppHostPublisher.PublishKubernetesAsync(_folder, cancellationToken);
        Assert.True(File.Exists(Path.Combine(_folder, "cache-statefulset.yaml")));
        await File.WriteAllTextAsync(Path.Combine(_folder, "my-ingress.yaml"), "# the operator's own file\n", cancellationToken);

        await AppHostPublisher.PublishKubernetesAsync(_folder, cancellationToken, "--Kubernetes:Redis=external");

        Assert.False(File.Exists(Path.Combine(_folder, "cache-statefulset.yaml")));
        Assert.True(File.Exists(Path.Combine(_folder, "my-ingress.yaml")));
    }

    public void Dispose()
    {
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }
}
