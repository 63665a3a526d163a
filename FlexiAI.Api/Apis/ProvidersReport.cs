namespace FlexiAI.Api.Apis;

/// <summary><c>GET /providers</c>: this replica's view of every provider and of the state sync.</summary>
public sealed record ProvidersReport(string ReplicaId, SyncView Sync, IReadOnlyList<ProviderView> Providers);

/// <summary>How breaker state reaches this replica: <c>enabled=false</c> means local breakers only.</summary>
public sealed record SyncView(bool Enabled, bool Connected, double? LastEventAgeSeconds);
