namespace FlexiAI.Web.Gateway;

/// <summary>One gateway replica's view of every provider.</summary>
public sealed record ReplicaReport(
    string ReplicaId,
    string? Address,
    DateTimeOffset LastSeen,
    SyncStatus? Sync,
    IReadOnlyList<ProviderStatus> Providers);
