using FlexiAI.AppHost.Publishing.Objects;
using k8s;
using k8s.Models;

namespace FlexiAI.Tests.Deploy;

/// <summary>
/// Every generated file reads strictly into its typed model (KubernetesClient's V1Deployment, ...; the AppHost's own
/// types for kustomize and the Prometheus Operator): a misspelt or misplaced field fails, as it would in the cluster.
/// </summary>
[Collection(DeploymentCollection.Name)]
public sealed class TypedObjectsTests(DeploymentFixture fixture)
{
    private static readonly Dictionary<string, Type> Models = new(StringComparer.Ordinal)
    {
        ["apps/v1/Deployment"] = typeof(V1Deployment),
        ["apps/v1/StatefulSet"] = typeof(V1StatefulSet),
        ["v1/Service"] = typeof(V1Service),
        ["autoscaling/v2/HorizontalPodAutoscaler"] = typeof(V2HorizontalPodAutoscaler),
        ["policy/v1/PodDisruptionBudget"] = typeof(V1PodDisruptionBudget),
        ["networking.k8s.io/v1/NetworkPolicy"] = typeof(V1NetworkPolicy),
        ["kustomize.config.k8s.io/v1beta1/Kustomization"] = typeof(Kustomization),
        ["monitoring.coreos.com/v1/ServiceMonitor"] = typeof(ServiceMonitor),
        ["monitoring.coreos.com/v1/PrometheusRule"] = typeof(PrometheusRule),
    };

    public static TheoryData<string> Variants => ["k8s", "k8s-external-redis"];

    [Theory]
    [MemberData(nameof(Variants))]
    public void Every_generated_file_reads_strictly_into_its_model(string variant)
    {
        var folder = variant == "k8s" ? fixture.KubernetesFolder : fixture.ExternalRedisFolder;
        var files = Directory.EnumerateFiles(folder, "*.yaml", SearchOption.AllDirectories).ToList();
        Assert.True(files.Count >= 10, $"only {files.Count} files in {folder}");

        foreach (var path in files)
        {
            var text = File.ReadAllText(path);
            var model = ModelOf(text, path);
            var typed = Read(text, model, path);
            Assert.IsType(model, typed);
        }
    }

    [Fact]
    public void A_field_the_model_does_not_know_fails()
    {
        // The check above can fail: the gateway's Deployment with one misplaced field (spec.template.spec.container).
        var text = File.ReadAllText(Path.Combine(fixture.BaseFolder, "gateway-deployment.yaml"));
        var broken = text.Replace("      containers:\n", "      container:\n", StringComparison.Ordinal);
        Assert.NotEqual(text, broken);

        Assert.ThrowsAny<YamlDotNet.Core.YamlException>(() => KubernetesYaml.Deserialize<V1Deployment>(broken, strict: true));
    }

    [Fact]
    public void Typed_gateway_Deployment_carries_what_the_YAML_says()
    {
        var deployment = KubernetesYaml.Deserialize<V1Deployment>(File.ReadAllText(Path.Combine(fixture.BaseFolder, "gateway-deployment.yaml")), strict: true);

        var container = Assert.Single(deployment.Spec.Template.Spec.Containers);
        Assert.Equal("flexiai-gateway", container.Image);
        Assert.Null(deployment.Spec.Replicas);
        Assert.Equal(5, container.Lifecycle.PreStop.Sleep.Seconds);
        Assert.Equal("64Mi", Assert.Single(deployment.Spec.Template.Spec.Volumes).EmptyDir.SizeLimit.ToString());
    }

    private static Type ModelOf(string text, string path)
    {
        var head = KubernetesYaml.Deserialize<Dictionary<string, object>>(text);
        var key = $"{head["apiVersion"]}/{head["kind"]}";
        return Models.TryGetValue(key, out var model) ? model : throw new Xunit.Sdk.XunitException($"{path}: no typed model for {key}");
    }

    private static object Read(string text, Type model, string path)
    {
        try
        {
            var deserialize = typeof(KubernetesYaml).GetMethods()
                .Single(m => m.Name == nameof(KubernetesYaml.Deserialize) && m.GetParameters()[0].ParameterType == typeof(string))
                .MakeGenericMethod(model);
            return deserialize.Invoke(null, [text, true])!;
        }
        catch (System.Reflection.TargetInvocationException error) when (error.InnerException is not null)
        {
            throw new Xunit.Sdk.XunitException($"{path} does not read strictly as {model.Name}: {error.InnerException.Message}");
        }
    }
}
