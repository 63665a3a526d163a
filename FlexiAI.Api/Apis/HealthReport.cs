namespace FlexiAI.Api.Apis;

/// <summary><c>GET /health</c>: healthy, degraded (Redis unreachable or some breakers open) or unhealthy (no provider can serve).</summary>
public sealed record HealthReport(
    string Status,
    string ReplicaId,
    bool RedisConnected,
    bool SyncEnabled,
    SyncView Sync,
    IReadOnlyList<ProviderView> Providers,
    IReadOnlyDictionary<string, HealthCheckView> Checks);

public sealed record HealthCheckView(string Status, string Description);
