using k8s.Models;

namespace FlexiAI.AppHost.Publishing;

/// <summary>Pieces every generated object shares: labels, metadata, security contexts, resources, probes.</summary>
internal static class KubernetesObjectParts
{
    public static Dictionary<string, string> Labels(string name) => new(StringComparer.Ordinal)
    {
        ["app.kubernetes.io/name"] = name,
        ["app.kubernetes.io/part-of"] = KubernetesDefaults.PartOf,
    };

    public static V1ObjectMeta Metadata(string name, IDictionary<string, string> labels) =>
        new() { Name = name, Labels = new Dictionary<string, string>(labels, StringComparer.Ordinal) };

    public static V1LabelSelector Selector(IDictionary<string, string> labels) =>
        new() { MatchLabels = new Dictionary<string, string>(labels, StringComparer.Ordinal) };

    public static V1ResourceRequirements Resources(string cpuRequest, string memoryRequest, string cpuLimit, string memoryLimit) => new()
    {
        Requests = new Dictionary<string, ResourceQuantity>(StringComparer.Ordinal)
        {
            ["cpu"] = new(cpuRequest),
            ["memory"] = new(memoryRequest),
            ["ephemeral-storage"] = new(KubernetesDefaults.EphemeralStorageRequest),
        },
        Limits = new Dictionary<string, ResourceQuantity>(StringComparer.Ordinal)
        {
            ["cpu"] = new(cpuLimit),
            ["memory"] = new(memoryLimit),
            ["ephemeral-storage"] = new(KubernetesDefaults.EphemeralStorageLimit),
        },
    };

    public static V1SecurityContext ContainerSecurity() => new()
    {
        AllowPrivilegeEscalation = false,
        ReadOnlyRootFilesystem = true,
        Capabilities = new V1Capabilities { Drop = ["ALL"] },
    };

    public static V1PodSecurityContext PodSecurity(long user, bool ownsVolumes) => new()
    {
        RunAsNonRoot = true,
        RunAsUser = user,
        RunAsGroup = user,
        FsGroup = ownsVolumes ? user : null,
        SeccompProfile = new V1SeccompProfile { Type = "RuntimeDefault" },
    };

    public static V1Probe Probe(V1Probe handler, (int InitialDelay, int Period, int Timeout, int FailureThreshold) timings)
    {
        handler.InitialDelaySeconds = timings.InitialDelay;
        handler.PeriodSeconds = timings.Period;
        handler.TimeoutSeconds = timings.Timeout;
        handler.FailureThreshold = timings.FailureThreshold;
        return handler;
    }

    /// <summary>An <c>emptyDir</c> with a size limit (an unbounded one can fill the node's disk or memory).</summary>
    public static V1Volume EmptyDir(string name, string sizeLimit, bool inMemory = false) => new()
    {
        Name = name,
        EmptyDir = new V1EmptyDirVolumeSource { SizeLimit = new ResourceQuantity(sizeLimit), Medium = inMemory ? "Memory" : null },
    };

    /// <summary>Spread over zones first, then over nodes; both best effort, so a one-zone cluster still schedules.</summary>
    public static List<V1TopologySpreadConstraint> Spread(IDictionary<string, string> labels) =>
    [
        new() { MaxSkew = 1, TopologyKey = "topology.kubernetes.io/zone", WhenUnsatisfiable = "ScheduleAnyway", LabelSelector = Selector(labels) },
        new() { MaxSkew = 1, TopologyKey = "kubernetes.io/hostname", WhenUnsatisfiable = "ScheduleAnyway", LabelSelector = Selector(labels) },
    ];

    public static V1EnvVar SecretVariable(string name, string key) => new()
    {
        Name = name,
        ValueFrom = new V1EnvVarSource { SecretKeyRef = new V1SecretKeySelector { Name = KubernetesSettings.SecretName, Key = key } },
    };
}
