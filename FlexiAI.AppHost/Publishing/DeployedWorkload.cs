namespace FlexiAI.AppHost.Publishing;

/// <summary>
/// A project as deployed, with what its NetworkPolicy and monitoring need: its pod labels and ports, whether an endpoint
/// is external, whether it uses Redis, which deployed projects it calls, the ports of the web addresses in its settings
/// (providers), and its metrics endpoint.
/// </summary>
internal sealed record DeployedWorkload(
    string Name,
    Dictionary<string, string> Labels,
    IReadOnlyList<DeployedEndpoint> Endpoints,
    bool External,
    bool ReferencesRedis,
    IReadOnlyList<string> References,
    IReadOnlyList<int> EgressPorts,
    MetricsEndpointAnnotation? Metrics);
