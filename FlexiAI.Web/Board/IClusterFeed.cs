namespace FlexiAI.Web.Board;

/// <summary>
/// Where the breaker board gets its data: the latest state and an event when it changes. The app's feed polls the
/// gateway (<see cref="ClusterMonitor"/>); component tests hand the board a fake.
/// </summary>
public interface IClusterFeed
{
    /// <summary>The latest state; never null (before the first answer it has no report).</summary>
    ClusterFeedState Current { get; }

    /// <summary>Raised, on any thread, after <see cref="Current"/> changed.</summary>
    event EventHandler? Changed;
}
