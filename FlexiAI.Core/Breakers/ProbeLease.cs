namespace FlexiAI.Breakers;

/// <summary>
/// Permission to send one recovery probe to a half-open provider. Leases expire, so a replica that dies mid-probe
/// does not block recovery for the cluster.
/// </summary>
public sealed record ProbeLease(string Provider, string Id, DateTimeOffset ExpiresAt)
{
    /// <summary>True when the lease is held in the shared store (Redis) rather than in this process.</summary>
    public bool Shared { get; init; }
}
