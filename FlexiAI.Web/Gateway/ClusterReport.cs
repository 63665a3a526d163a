namespace FlexiAI.Web.Gateway;

/// <summary>
/// <c>GET /cluster</c> on the gateway: each live replica's own <c>/providers</c> report as it last published it.
/// <see cref="Source"/> is <c>redis</c> (every replica) or <c>local</c> (Redis down: only the replica that answered).
/// </summary>
public sealed record ClusterReport(IReadOnlyList<ReplicaReport> Replicas, string Source)
{
    /// <summary>Redis could not be read: the report holds only the replica that answered.</summary>
    public bool IsLocalOnly => string.Equals(Source, "local", StringComparison.OrdinalIgnoreCase);
}
