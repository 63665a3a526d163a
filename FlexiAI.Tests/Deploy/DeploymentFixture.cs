namespace FlexiAI.Tests.Deploy;

/// <summary>
/// Generates the deployment artefacts once for all deployment tests, into a temporary folder: the Kubernetes YAML with
/// the default settings (Redis as a StatefulSet), the same with an external Redis, and the Aspire manifest.
/// </summary>
public sealed class DeploymentFixture : IAsyncLifetime
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "flexiai-deploy-" + Guid.NewGuid().ToString("N")[..8]);

    /// <summary>The folder <c>publish-kubernetes</c> wrote with default settings (README.md, base/, monitoring/).</summary>
    public string KubernetesFolder => Path.Combine(_root, "k8s");

    /// <summary>The kustomize base in <see cref="KubernetesFolder"/>: the workloads' objects.</summary>
    public string BaseFolder => Path.Combine(KubernetesFolder, "base");

    /// <summary>The Prometheus Operator's objects in <see cref="KubernetesFolder"/>.</summary>
    public string MonitoringFolder => Path.Combine(KubernetesFolder, "monitoring");

    /// <summary>The folder <c>publish-kubernetes</c> wrote with <c>--Kubernetes:Redis=external</c>.</summary>
    public string ExternalRedisFolder => Path.Combine(_root, "k8s-external-redis");

    /// <summary>The manifest <c>--publisher manifest</c> wrote; in a <c>deploy</c> folder, like the committed one.</summary>
    public string ManifestFile => Path.Combine(_root, "deploy", "aspire-manifest.json");

    /// <summary>The default objects.</summary>
    public KubernetesObjects Objects { get; private set; } = null!;

    /// <summary>The objects with an external Redis.</summary>
    public KubernetesObjects ExternalRedisObjects { get; private set; } = null!;

    /// <summary>The monitoring objects (ServiceMonitor, PrometheusRule).</summary>
    public KubernetesObjects Monitoring { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        await AppHostPublisher.PublishKubernetesAsync(KubernetesFolder, cancellationToken);
        await AppHostPublisher.PublishKubernetesAsync(ExternalRedisFolder, cancellationToken, "--Kubernetes:Redis=external");
        await AppHostPublisher.PublishManifestAsync(ManifestFile, cancellationToken);
        Objects = KubernetesObjects.Load(BaseFolder);
        ExternalRedisObjects = KubernetesObjects.Load(Path.Combine(ExternalRedisFolder, "base"));
        Monitoring = KubernetesObjects.Load(MonitoringFolder);
    }

    public ValueTask DisposeAsync()
    {
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
            // A temporary folder left behind is harmless.
        }

        return ValueTask.CompletedTask;
    }
}

/// <summary>Tests that share the generated artefacts (<see cref="DeploymentFixture"/>).</summary>
[CollectionDefinition(Name)]
[System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1711", Justification = "xUnit's name for a collection definition.")]
public sealed class DeploymentCollection : ICollectionFixture<DeploymentFixture>
{
    public const string Name = "Deployment artefacts";
}
