using FlexiAI.Web.Board;
using FlexiAI.Web.Gateway;

namespace FlexiAI.Tests.Web;

/// <summary>Builds <c>/cluster</c> reports as the gateway sends them, for the board's tests.</summary>
internal static class ClusterReports
{
    public static readonly DateTimeOffset Now = new(2026, 11, 26, 10, 0, 0, TimeSpan.Zero);

    public static ProviderStatus Provider(
        string name = "sim-openai",
        string state = "CLOSED",
        int failures = 0,
        int priority = 1,
        DateTimeOffset? retryAt = null,
        string? lastError = null,
        RequestCounts? requests = null) =>
        new(name, "OpenAI", "gpt-4o-mini", priority, state != "OPEN", state, failures,
            lastError is null ? null : Now.AddSeconds(-3), state == "OPEN" ? Now.AddSeconds(-5) : null, retryAt, 1, lastError,
            requests ?? new RequestCounts(10, 10 - failures, failures));

    public static ReplicaReport Replica(string id, params ProviderStatus[] providers) =>
        new(id, "http://127.0.0.1:41234", Now, new SyncStatus(true, true, 0.4), providers);

    public static ClusterReport Cluster(params ReplicaReport[] replicas) => new(replicas, "redis");

    /// <summary>Every replica in <paramref name="replicaIds"/> reporting the primary in <paramref name="state"/> and a closed secondary.</summary>
    public static ClusterReport Everywhere(string state, params string[] replicaIds) =>
        Cluster([.. replicaIds.Select(id => Replica(id,
            Provider("sim-openai", state, failures: state == "CLOSED" ? 0 : 5, retryAt: state == "OPEN" ? Now.AddSeconds(25) : null,
                lastError: state == "CLOSED" ? null : "HTTP 500"),
            Provider("sim-anthropic", "CLOSED", priority: 2)))]);

    public static ClusterFeedState Received(ClusterReport report) => new(report, Now, null, TimelineView.Empty);
}
