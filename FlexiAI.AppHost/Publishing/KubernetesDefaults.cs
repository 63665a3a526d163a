namespace FlexiAI.AppHost.Publishing;

/// <summary>
/// What the app model does not say and Kubernetes needs. The resource figures are starting points, not measurements:
/// docs/operations.md says how to size them once the benchmarks exist.
/// </summary>
internal static class KubernetesDefaults
{
    /// <summary>The <c>app.kubernetes.io/part-of</c> label of every object.</summary>
    public const string PartOf = "flexiai";

    /// <summary>Image name of a project resource: <c>{registry}/flexiai-{resource}:{tag}</c>.</summary>
    public const string ImagePrefix = "flexiai-";

    /// <summary>The non-root user of .NET 8+ container images (<c>APP_UID</c>).</summary>
    public const int DotNetAppUser = 1654;

    /// <summary>The <c>redis</c> user of the official Redis image.</summary>
    public const int RedisUser = 999;

    /// <summary>Probe timings when the model gives none: first probe after 5 s, every 10 s, 3 s to answer, 3 misses.</summary>
    public const int ProbeInitialDelaySeconds = 5;
    public const int ProbePeriodSeconds = 10;
    public const int ProbeTimeoutSeconds = 3;
    public const int ProbeFailureThreshold = 3;

    /// <summary>Probe paths when the model gives none: what FlexiAI.ServiceDefaults maps (<c>MapDefaultEndpoints</c>).</summary>
    public const string ReadinessPath = "/health";
    public const string LivenessPath = "/health/live";

    /// <summary>Autoscaling target: average CPU use relative to the request.</summary>
    public const int TargetCpuUtilizationPercent = 70;

    public const string ProjectCpuRequest = "250m";
    public const string ProjectMemoryRequest = "256Mi";
    public const string ProjectCpuLimit = "1";
    public const string ProjectMemoryLimit = "512Mi";

    public const string RedisCpuRequest = "100m";
    public const string RedisMemoryRequest = "384Mi";
    public const string RedisCpuLimit = "1";
    public const string RedisMemoryLimit = "512Mi";

    /// <summary>
    /// Redis <c>maxmemory</c>: half the container limit, leaving room for the copy-on-write pages of an AOF rewrite and
    /// for client buffers. Breaker keys are a few hundred bytes per provider; the rest is headroom for later features.
    /// </summary>
    public const string RedisMaxMemory = "256mb";

    /// <summary>
    /// Breaker keys carry a TTL (<c>FlexiAI:Sync:StateTtl</c>); <c>volatile-lru</c> evicts only keys with a TTL under
    /// pressure and never the few without one (the replica registry's set).
    /// </summary>
    public const string RedisMaxMemoryPolicy = "volatile-lru";

    public const string RedisStorage = "1Gi";

    /// <summary>Commands disabled in the Redis StatefulSet: none of them is used by FlexiAI.</summary>
    public static readonly string[] RedisDisabledCommands = ["FLUSHALL", "FLUSHDB", "KEYS", "DEBUG"];
}
