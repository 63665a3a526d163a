using FlexiAI.Tests.Infrastructure;
using YamlDotNet.RepresentationModel;

namespace FlexiAI.Tests.Deploy;

/// <summary>
/// deploy/k8s/overlays/production, built by kustomize (<c>kubectl kustomize</c>) over the committed base: what it is
/// there to show (images, Secret name, Ingress for streams, replica bounds, namespace, monitoring) comes out.
/// </summary>
public sealed class ProductionOverlayTests
{
    private static readonly Lazy<KubernetesObjects> Built = new(Build);

    private static KubernetesObjects Objects => Built.Value;

    [Fact]
    public void Images_are_the_overlays_registry_and_tag()
    {
        var images = Objects.Workloads
            .Where(w => w.Kind == "Deployment")
            .SelectMany(KubernetesObjects.Containers)
            .Select(c => c.At("image").Text())
            .Order(StringComparer.Ordinal)
            .ToList();

        Assert.Equal(["registry.example.com/flexiai/flexiai-gateway:1.0.0", "registry.example.com/flexiai/flexiai-web:1.0.0"], images);
    }

    [Fact]
    public void Every_secret_reference_points_at_the_overlays_Secret()
    {
        var references = Objects.Workloads
            .SelectMany(KubernetesObjects.Containers)
            .SelectMany(KubernetesObjects.Environment)
            .Where(v => v.SecretName is not null)
            .ToList();

        Assert.True(references.Count >= 9, $"{references.Count} secret references");
        Assert.All(references, v => Assert.Equal("flexiai-production-keys", v.SecretName));
        Assert.DoesNotContain(Objects.OfKind("ConfigMap"), c => c.Name == "secret-name");
    }

    [Fact]
    public void Gateway_Ingress_streams_without_buffering_and_with_long_timeouts()
    {
        var annotations = Objects.Get("Ingress", "gateway").Root.At("metadata", "annotations").Entries();

        Assert.Equal("off", annotations["nginx.ingress.kubernetes.io/proxy-buffering"].Text());
        Assert.True(int.Parse(annotations["nginx.ingress.kubernetes.io/proxy-read-timeout"].Text(), System.Globalization.CultureInfo.InvariantCulture) >= 300);
        var backend = Objects.Get("Ingress", "gateway").Root.At("spec", "rules", 0, "http", "paths", 0, "backend", "service");
        Assert.Equal("gateway", backend.At("name").Text());
        Assert.Equal("http", backend.At("port", "name").Text());
    }

    [Fact]
    public void Replica_bounds_namespace_and_monitoring_come_from_the_overlay()
    {
        var autoscaler = Objects.Get("HorizontalPodAutoscaler", "gateway").Root.At("spec");
        Assert.Equal(4, autoscaler.At("minReplicas").AsInt32());
        Assert.Equal(20, autoscaler.At("maxReplicas").AsInt32());
        Assert.Equal(2, autoscaler.At("metrics").Items().Count);   // the patch keeps the base's metrics
        Assert.All(Objects.All, o => Assert.Equal("flexiai", o.Root.At("metadata", "namespace").Text()));
        Assert.NotNull(Objects.Find("ServiceMonitor", "gateway"));
        Assert.NotNull(Objects.Find("PrometheusRule", "flexiai-alerts"));
    }

    [Fact]
    public void Generated_ConfigMap_names_carry_a_content_hash_that_the_Deployment_uses()
    {
        var configMap = Assert.Single(Objects.OfKind("ConfigMap"), c => c.Name.StartsWith("gateway-config-", StringComparison.Ordinal));
        var gateway = KubernetesObjects.Container(Objects.Get("Deployment", "gateway"), "gateway");
        Assert.Equal([configMap.Name], KubernetesObjects.ConfigMapsOf(gateway));
    }

    private static KubernetesObjects Build()
    {
        if (RedisServerProcess.FindOnPath("kubectl") is not { } kubectl)
        {
            Assert.Skip("kubectl is not installed (kubectl kustomize builds the overlay)");
            throw new InvalidOperationException();
        }

        var start = new System.Diagnostics.ProcessStartInfo(kubectl)
        {
            ArgumentList = { "kustomize", Path.Combine(RepositoryPaths.Root, "deploy", "k8s", "overlays", "production") },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = System.Diagnostics.Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"kubectl kustomize failed: {error}");

        var stream = new YamlStream();
        stream.Load(new StringReader(output.Result));
        return new KubernetesObjects([.. stream.Documents.Select(d => new KubernetesObject("kustomize", (YamlMappingNode)d.RootNode))]);
    }
}
