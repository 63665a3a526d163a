using k8s.Models;
using static FlexiAI.AppHost.Publishing.KubernetesObjectParts;

namespace FlexiAI.AppHost.Publishing;

/// <summary>
/// NetworkPolicies that let each workload talk to what the app model says it uses, and nothing else:
/// <list type="bullet">
/// <item>a project with an external endpoint (the gateway) takes connections on its ports from anywhere; one without
/// (the web UI, which holds the admin key) only from the ingress controller's namespace;</item>
/// <item>every project reaches DNS, the projects it references on their ports, Redis (the StatefulSet's pods, or any
/// address on 6379/26379 when Redis is external), and the ports of the web addresses in its settings (the providers:
/// 443) outside the cluster's private ranges;</item>
/// <item>Redis takes connections only from the workloads that reference it.</item>
/// </list>
/// </summary>
internal static class NetworkPolicies
{
    /// <summary>Ports of an external Redis: the server, and the Sentinels.</summary>
    private static readonly int[] s_externalRedisPorts = [6379, 26379];

    /// <summary>Private address ranges: the providers are on the internet, not inside the cluster's network.</summary>
    private static readonly List<string> s_privateRanges = ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"];

    /// <summary>The ports of the http(s) addresses among a project's settings (its providers' endpoints).</summary>
    public static IReadOnlyList<int> WebPorts(IEnumerable<string> settingValues) =>
        [.. settingValues
            .Select(v => Uri.TryCreate(v, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" ? uri.Port : -1)
            .Where(p => p > 0)
            .Distinct()
            .Order()];

    public static V1NetworkPolicy ForProject(
        DeployedWorkload workload, IReadOnlyList<DeployedWorkload> all, string? redisName, DeployedEndpoint? redisEndpoint, KubernetesSettings settings)
    {
        var ports = workload.Endpoints.Select(e => Port(e.ContainerPort)).ToList();
        var ingress = workload.External
            ? new V1NetworkPolicyIngressRule { Ports = ports }
            : new V1NetworkPolicyIngressRule
            {
                FromProperty = [new V1NetworkPolicyPeer { NamespaceSelector = NamespaceNamed(settings.IngressNamespace) }],
                Ports = ports,
            };

        var egress = new List<V1NetworkPolicyEgressRule>
        {
            // DNS, to whichever namespace runs it.
            new()
            {
                To = [new V1NetworkPolicyPeer { NamespaceSelector = new V1LabelSelector() }],
                Ports = [Port(53, "UDP"), Port(53, "TCP")],
            },
        };

        foreach (var target in all.Where(w => workload.References.Contains(w.Name, StringComparer.Ordinal)))
        {
            egress.Add(new V1NetworkPolicyEgressRule
            {
                To = [new V1NetworkPolicyPeer { PodSelector = Selector(target.Labels) }],
                Ports = [.. target.Endpoints.Select(e => Port(e.ContainerPort))],
            });
        }

        if (workload.ReferencesRedis && redisName is not null)
        {
            egress.Add(redisEndpoint is not null
                ? new V1NetworkPolicyEgressRule
                {
                    To = [new V1NetworkPolicyPeer { PodSelector = Selector(Labels(redisName)) }],
                    Ports = [Port(redisEndpoint.ContainerPort)],
                }
                : new V1NetworkPolicyEgressRule { Ports = [.. s_externalRedisPorts.Select(p => Port(p))] });
        }

        if (workload.EgressPorts.Count > 0)
        {
            egress.Add(new V1NetworkPolicyEgressRule
            {
                To = [new V1NetworkPolicyPeer { IpBlock = new V1IPBlock { Cidr = "0.0.0.0/0", Except = s_privateRanges } }],
                Ports = [.. workload.EgressPorts.Select(p => Port(p))],
            });
        }

        return new V1NetworkPolicy
        {
            ApiVersion = "networking.k8s.io/v1",
            Kind = "NetworkPolicy",
            Metadata = Metadata(workload.Name, workload.Labels),
            Spec = new V1NetworkPolicySpec
            {
                PodSelector = Selector(workload.Labels),
                PolicyTypes = ["Ingress", "Egress"],
                Ingress = [ingress],
                Egress = egress,
            },
        };
    }

    public static V1NetworkPolicy ForRedis(string name, Dictionary<string, string> labels, DeployedEndpoint endpoint, IReadOnlyList<string> clients) => new()
    {
        ApiVersion = "networking.k8s.io/v1",
        Kind = "NetworkPolicy",
        Metadata = Metadata($"{name}-clients-only", labels),
        Spec = new V1NetworkPolicySpec
        {
            PodSelector = Selector(labels),
            PolicyTypes = ["Ingress"],
            Ingress =
            [
                new V1NetworkPolicyIngressRule
                {
                    FromProperty =
                    [
                        new V1NetworkPolicyPeer
                        {
                            PodSelector = new V1LabelSelector
                            {
                                MatchLabels = new Dictionary<string, string>(StringComparer.Ordinal) { ["app.kubernetes.io/part-of"] = KubernetesDefaults.PartOf },
                                MatchExpressions =
                                [
                                    new V1LabelSelectorRequirement
                                    {
                                        Key = "app.kubernetes.io/name",
                                        OperatorProperty = "In",
                                        Values = [.. clients.Order(StringComparer.Ordinal)],
                                    },
                                ],
                            },
                        },
                    ],
                    Ports = [Port(endpoint.ContainerPort)],
                },
            ],
        },
    };

    private static V1NetworkPolicyPort Port(int port, string protocol = "TCP") => new() { Port = port, Protocol = protocol };

    private static V1LabelSelector NamespaceNamed(string name) =>
        new() { MatchLabels = new Dictionary<string, string>(StringComparer.Ordinal) { ["kubernetes.io/metadata.name"] = name } };
}
