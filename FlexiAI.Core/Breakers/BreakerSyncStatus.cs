namespace FlexiAI.Breakers;

/// <summary>How a store shares state: <c>Enabled=false</c> for the in-memory store.</summary>
/// <param name="Enabled">State is shared with other replicas.</param>
/// <param name="Connected">The shared backend is reachable now.</param>
/// <param name="LastEventAt">When the last change from another replica was applied.</param>
public sealed record BreakerSyncStatus(bool Enabled, bool Connected, DateTimeOffset? LastEventAt)
{
    public static BreakerSyncStatus Local { get; } = new(false, false, null);
}
