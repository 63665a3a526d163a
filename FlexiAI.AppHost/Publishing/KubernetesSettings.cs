using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace FlexiAI.AppHost.Publishing;

/// <summary>Where the gateway's Redis comes from in Kubernetes.</summary>
internal enum RedisDeployment
{
    /// <summary>A Redis StatefulSet in the cluster: AOF persistence, password from the Secret, a NetworkPolicy.</summary>
    StatefulSet,

    /// <summary>
    /// A Redis run elsewhere (Sentinel, Cluster or a managed service): the whole connection string comes from the Secret,
    /// and no Redis objects are generated.
    /// </summary>
    External,
}

/// <summary>
/// Settings of the <c>publish-kubernetes</c> step, read from the AppHost's configuration (command line
/// <c>--Kubernetes:Redis=external</c>, environment <c>Kubernetes__Redis</c>). Everything else comes from the app model.
/// </summary>
/// <param name="Redis">In-cluster StatefulSet (default) or an external Redis.</param>
/// <param name="MaxReplicas">Upper bound of the autoscalers; their lower bound is the replica count of the model.</param>
/// <param name="InFlightTarget">Average requests and streams in flight per pod that the autoscaler aims at.</param>
/// <param name="RedisImage">Image of the Redis StatefulSet; default <see cref="KubernetesDefaults.RedisImage"/> (Valkey, BSD).</param>
/// <param name="IngressNamespace">Namespace of the ingress controller, the only one that may reach the web UI.</param>
internal sealed record KubernetesSettings(
    RedisDeployment Redis,
    int MaxReplicas,
    int InFlightTarget = KubernetesDefaults.InFlightTargetPerPod,
    string RedisImage = KubernetesDefaults.RedisImage,
    string IngressNamespace = KubernetesDefaults.IngressNamespace)
{
    public const string Section = "Kubernetes";

    /// <summary>The name of the Secret every secret reference points into; the operator creates it.</summary>
    public const string SecretName = "flexiai-secrets";

    /// <summary>The key of the Secret that holds the whole Redis connection string with <see cref="RedisDeployment.External"/>.</summary>
    public const string ExternalConnectionStringKeySuffix = "-connection-string";

    public static KubernetesSettings Read(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var section = configuration.GetSection(Section);

        var redisText = section["Redis"];
        var redis = string.IsNullOrWhiteSpace(redisText)
            ? RedisDeployment.StatefulSet
            : Enum.TryParse<RedisDeployment>(redisText.Trim(), ignoreCase: true, out var parsed) && Enum.IsDefined(parsed)
                ? parsed
                : throw new InvalidOperationException($"{Section}:Redis is '{redisText}'; expected statefulset or external.");

        foreach (var removed in new[] { "Registry", "ImageTag" })
        {
            if (!string.IsNullOrWhiteSpace(section[removed]))
            {
                throw new InvalidOperationException(
                    $"{Section}:{removed} is no longer read: the objects name plain images (flexiai-gateway); set the registry and " +
                    "tag with kustomize's images: (deploy/k8s/overlays/production/kustomization.yaml).");
            }
        }

        return new(
            redis,
            PositiveNumber(section, "MaxReplicas", 10),
            PositiveNumber(section, "InFlightTarget", KubernetesDefaults.InFlightTargetPerPod),
            NonEmpty(section["RedisImage"], KubernetesDefaults.RedisImage),
            NonEmpty(section["IngressNamespace"], KubernetesDefaults.IngressNamespace));
    }

    private static int PositiveNumber(IConfigurationSection section, string key, int fallback)
    {
        var text = section[key];
        return string.IsNullOrWhiteSpace(text)
            ? fallback
            : int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value >= 1
                ? value
                : throw new InvalidOperationException($"{Section}:{key} is '{text}'; expected a whole number, 1 or more.");
    }

    private static string NonEmpty(string? value, string fallback) => string.IsNullOrWhiteSpace(value) ? fallback : value.Trim();
}
