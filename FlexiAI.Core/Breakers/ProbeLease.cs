namespace FlexiAI.Breakers;

/// <summary>
/// Permission to send one recovery probe to a half-open provider. Leases expire, so a replica that dies mid-probe
/// does not block recovery for the cluster.
/// </summary>
public sealed record ProbeLease(string Provider, string Id, DateTimeOffset ExpiresAt);
