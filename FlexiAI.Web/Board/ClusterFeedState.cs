using FlexiAI.Web.Gateway;

namespace FlexiAI.Web.Board;

/// <summary>What the board shows: the last report, when it came, the last failure to get one, and the timeline.</summary>
/// <param name="Report">The last <c>/cluster</c> report, or none yet.</param>
/// <param name="ReceivedAt">When <paramref name="Report"/> arrived.</param>
/// <param name="Error">Why the last poll failed, or none when it succeeded.</param>
/// <param name="Timeline">Requests and breaker states of the last minutes.</param>
public sealed record ClusterFeedState(
    ClusterReport? Report,
    DateTimeOffset? ReceivedAt,
    string? Error,
    TimelineView Timeline)
{
    public static ClusterFeedState Empty { get; } = new(null, null, null, TimelineView.Empty);
}
