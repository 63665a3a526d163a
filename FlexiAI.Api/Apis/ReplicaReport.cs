namespace FlexiAI.Api.Apis;

/// <summary>One replica's view as it publishes it for <c>GET /cluster</c>.</summary>
public sealed record ReplicaReport(string ReplicaId, string? Address, DateTimeOffset LastSeen, SyncView Sync, IReadOnlyList<ProviderView> Providers);
