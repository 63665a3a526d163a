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
/// <param name="Registry">Image registry; default the placeholder <c>${REGISTRY}</c>, for <c>envsubst</c>.</param>
/// <param name="ImageTag">Image tag; default the placeholder <c>${TAG}</c>.</param>
/// <param name="MaxReplicas">Upper bound of the autoscalers; their lower bound is the replica count of the model.</param>
internal sealed record KubernetesSettings(RedisDeployment Redis, string Registry, string ImageTag, int MaxReplicas)
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

        var maxText = section["MaxReplicas"];
        var maxReplicas = string.IsNullOrWhiteSpace(maxText)
            ? 10
            : int.TryParse(maxText, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var max) && max >= 1
                ? max
                : throw new InvalidOperationException($"{Section}:MaxReplicas is '{maxText}'; expected a whole number, 1 or more.");

        return new(
            redis,
            NonEmpty(section["Registry"], "${REGISTRY}"),
            NonEmpty(section["ImageTag"], "${TAG}"),
            maxReplicas);
    }

    private static string NonEmpty(string? value, string fallback) => string.IsNullOrWhiteSpace(value) ? fallback : value.Trim();
}
