using System.Globalization;
using k8s.Models;
using static FlexiAI.AppHost.Publishing.KubernetesObjectParts;

namespace FlexiAI.AppHost.Publishing;

/// <summary>
/// The in-cluster Redis: a one-pod StatefulSet with AOF persistence, a Service, a headless Service and a NetworkPolicy
/// that admits only the workloads that reference Redis in the model.
/// </summary>
internal static class RedisObjects
{
    /// <summary>The password file the container writes at start, in an in-memory folder only the Redis user can read.</summary>
    private const string PasswordFile = KubernetesDefaults.RedisRuntimeFolder + "/auth.conf";

    public static IEnumerable<(string FileName, object Value)> Build(
        string name,
        DeployedEndpoint endpoint,
        string image,
        IReadOnlyList<V1EnvVar> modelVariables,
        string passwordKey,
        string passwordVariable,
        IReadOnlyList<string> clients)
    {
        var labels = Labels(name);
        var variables = new List<V1EnvVar>(modelVariables)
        {
            // redis-cli (and valkey-cli) read the password from REDISCLI_AUTH, which keeps it off the probe's command line.
            SecretVariable("REDISCLI_AUTH", passwordKey),
        };

        // The password never appears on a command line (visible in `ps` and in the pod spec): the shell writes it into a
        // config file in memory, and redis-server reads that file first, then the settings given as arguments.
        var start = "umask 077 && " +
            $"printf 'requirepass %s\\n' \"${passwordVariable}\" > {PasswordFile} && " +
            $"exec redis-server {PasswordFile} \"$@\"";
        var args = new List<string>
        {
            "--port", endpoint.ContainerPort.ToString(CultureInfo.InvariantCulture),
            "--protected-mode", "yes",
            "--dir", "/data",
            "--appendonly", "yes",
            "--appendfsync", "everysec",
            "--save", "",
            "--maxmemory", KubernetesDefaults.RedisMaxMemory,
            "--maxmemory-policy", KubernetesDefaults.RedisMaxMemoryPolicy,
        };
        foreach (var command in KubernetesDefaults.RedisDisabledCommands)
        {
            args.AddRange(["--rename-command", command, ""]);
        }

        var probeTimings = (KubernetesDefaults.ProbeInitialDelaySeconds, KubernetesDefaults.ProbePeriodSeconds,
            KubernetesDefaults.ProbeTimeoutSeconds, KubernetesDefaults.ProbeFailureThreshold);
        var container = new V1Container
        {
            Name = "redis",
            Image = image,
            // sh -c SCRIPT NAME ARGS...: the script's "$@" are the arguments below.
            Command = ["sh", "-c", start, "redis-server"],
            Args = args,
            Ports = [new V1ContainerPort { Name = endpoint.Name, ContainerPort = endpoint.ContainerPort, Protocol = "TCP" }],
            Env = variables,
            ReadinessProbe = Probe(new V1Probe { Exec = new V1ExecAction { Command = ["sh", "-c", "redis-cli ping | grep -q PONG"] } }, probeTimings),
            LivenessProbe = Probe(new V1Probe { TcpSocket = new V1TCPSocketAction { Port = endpoint.Name } }, probeTimings),
            Resources = Resources(KubernetesDefaults.RedisCpuRequest, KubernetesDefaults.RedisMemoryRequest,
                KubernetesDefaults.RedisCpuLimit, KubernetesDefaults.RedisMemoryLimit),
            SecurityContext = ContainerSecurity(),
            VolumeMounts =
            [
                new V1VolumeMount { Name = "data", MountPath = "/data" },
                new V1VolumeMount { Name = "run", MountPath = KubernetesDefaults.RedisRuntimeFolder },
            ],
        };

        yield return ($"{name}-statefulset.yaml", new V1StatefulSet
        {
            ApiVersion = "apps/v1",
            Kind = "StatefulSet",
            Metadata = Metadata(name, labels),
            Spec = new V1StatefulSetSpec
            {
                ServiceName = $"{name}-headless",
                Replicas = 1,
                Selector = Selector(labels),
                Template = new V1PodTemplateSpec
                {
                    Metadata = new V1ObjectMeta { Labels = labels },
                    Spec = new V1PodSpec
                    {
                        AutomountServiceAccountToken = false,
                        SecurityContext = PodSecurity(KubernetesDefaults.RedisUser, ownsVolumes: true),
                        Containers = [container],
                        Volumes = [EmptyDir("run", KubernetesDefaults.RedisRuntimeSizeLimit, inMemory: true)],
                    },
                },
                VolumeClaimTemplates =
                [
                    new V1PersistentVolumeClaim
                    {
                        Metadata = Metadata("data", labels),
                        Spec = new V1PersistentVolumeClaimSpec
                        {
                            AccessModes = ["ReadWriteOnce"],
                            Resources = new V1VolumeResourceRequirements
                            {
                                Requests = new Dictionary<string, ResourceQuantity>(StringComparer.Ordinal) { ["storage"] = new(KubernetesDefaults.RedisStorage) },
                            },
                        },
                    },
                ],
            },
        });

        List<V1ServicePort> Ports() => [new() { Name = endpoint.Name, Port = endpoint.ServicePort, TargetPort = endpoint.Name, Protocol = "TCP" }];
        yield return ($"{name}-service.yaml", new V1Service
        {
            ApiVersion = "v1",
            Kind = "Service",
            Metadata = Metadata(name, labels),
            Spec = new V1ServiceSpec { Type = "ClusterIP", Selector = labels, Ports = Ports() },
        });
        yield return ($"{name}-headless-service.yaml", new V1Service
        {
            ApiVersion = "v1",
            Kind = "Service",
            Metadata = Metadata($"{name}-headless", labels),
            Spec = new V1ServiceSpec { ClusterIP = "None", Selector = labels, Ports = Ports() },
        });
        yield return ($"{name}-networkpolicy.yaml", NetworkPolicies.ForRedis(name, labels, endpoint, clients));
    }
}
