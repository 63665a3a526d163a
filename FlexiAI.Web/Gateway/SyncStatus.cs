namespace FlexiAI.Web.Gateway;

/// <summary>How breaker state reaches a replica: <c>Enabled=false</c> means local breakers only.</summary>
public sealed record SyncStatus(bool Enabled, bool Connected, double? LastEventAgeSeconds);
