namespace FlexiAI.AppHost.Publishing;

/// <summary>
/// What the app model does not say and Kubernetes needs. The resource figures are starting points, not measurements:
/// docs/operations.md says how to size them once the benchmarks exist.
/// </summary>
internal static class KubernetesDefaults
{
    /// <summary>The <c>app.kubernetes.io/part-of</c> label of every object.</summary>
    public const string PartOf = "flexiai";

    /// <summary>
    /// Image name of a project resource: <c>flexiai-{resource}</c>, without registry or tag, so that kustomize's
    /// <c>images:</c> retargets it (deploy/k8s/overlays/production).
    /// </summary>
    public const string ImagePrefix = "flexiai-";

    /// <summary>
    /// The default image of the Redis StatefulSet: Valkey, the Linux Foundation's BSD-3-Clause fork of Redis 7.2, pinned
    /// to a release. Redis 8 (the Aspire resource's image under <c>dotnet run</c>) is under RSALv2/SSPLv1/AGPLv3;
    /// <c>--Kubernetes:RedisImage=docker.io/library/redis:8.2.3</c> chooses it where that licence suits.
    /// </summary>
    public const string RedisImage = "docker.io/valkey/valkey:8.1.4";

    /// <summary>Average requests and streams in flight per gateway pod that the autoscaler aims at (a starting point).</summary>
    public const int InFlightTargetPerPod = 100;

    /// <summary>The namespace of the ingress controller (ingress-nginx's default), the only peer of the web UI.</summary>
    public const string IngressNamespace = "ingress-nginx";

    /// <summary>Size limit of the writable <c>/tmp</c> of the .NET containers (an <c>emptyDir</c>).</summary>
    public const string TmpSizeLimit = "64Mi";

    /// <summary>Local disk every container asks for and may use at most (logs, <c>/tmp</c>).</summary>
    public const string EphemeralStorageRequest = "64Mi";
    public const string EphemeralStorageLimit = "256Mi";

    /// <summary>The in-memory folder where the Redis container writes its password file at start.</summary>
    public const string RedisRuntimeFolder = "/run/redis";
    public const string RedisRuntimeSizeLimit = "1Mi";

    /// <summary>Scrape interval of the ServiceMonitor.</summary>
    public const string ScrapeInterval = "15s";

    /// <summary>The non-root user of .NET 8+ container images (<c>APP_UID</c>).</summary>
    public const int DotNetAppUser = 1654;

    /// <summary>The <c>redis</c> user of the official Redis image and the <c>valkey</c> user of the Valkey image.</summary>
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
    /// Breaker keys carry a TTL (<c>FlexiAI:Redis:StateTtl</c>); <c>volatile-lru</c> evicts only keys with a TTL under
    /// pressure and never the few without one (the replica registry's set).
    /// </summary>
    public const string RedisMaxMemoryPolicy = "volatile-lru";

    public const string RedisStorage = "1Gi";

    /// <summary>Commands disabled in the Redis StatefulSet: none of them is used by FlexiAI.</summary>
    public static readonly string[] RedisDisabledCommands = ["FLUSHALL", "FLUSHDB", "KEYS", "DEBUG"];
}
