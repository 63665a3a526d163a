using FlexiAI.AppHost.Publishing;
using Microsoft.Extensions.Configuration;

namespace FlexiAI.Tests.Deploy;

/// <summary>The publish-kubernetes step's settings: defaults, and bad values stopped with a message naming the setting.</summary>
public sealed class KubernetesSettingsTests
{
    [Fact]
    public void Defaults_are_an_in_cluster_Valkey_10_replicas_and_100_in_flight_per_pod()
    {
        var settings = KubernetesSettings.Read(Configuration());

        Assert.Equal(RedisDeployment.StatefulSet, settings.Redis);
        Assert.Equal(10, settings.MaxReplicas);
        Assert.Equal(100, settings.InFlightTarget);
        Assert.StartsWith("docker.io/valkey/valkey:", settings.RedisImage, StringComparison.Ordinal);
        Assert.Equal("ingress-nginx", settings.IngressNamespace);
    }

    [Theory]
    [InlineData("Registry", "registry.example.com/flexiai")]
    [InlineData("ImageTag", "1.2.3")]
    public void A_removed_image_setting_stops_the_step_with_a_message_naming_it(string key, string value)
    {
        // Registry and tag are kustomize's images: now; a setting silently ignored would ship an image nobody chose.
        var error = Assert.Throws<InvalidOperationException>(() => KubernetesSettings.Read(Configuration(($"Kubernetes:{key}", value))));

        Assert.Contains($"Kubernetes:{key}", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("InFlightTarget", "0")]
    [InlineData("MaxReplicas", "many")]
    [InlineData("Redis", "cluster")]
    public void A_bad_value_names_the_setting(string key, string value)
    {
        var error = Assert.Throws<InvalidOperationException>(() => KubernetesSettings.Read(Configuration(($"Kubernetes:{key}", value))));

        Assert.Contains($"Kubernetes:{key}", error.Message, StringComparison.Ordinal);
    }

    private static IConfiguration Configuration(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value))).Build();
}
