using FlexiAI.Web.Board;

namespace FlexiAI.Tests.Web;

/// <summary>A cluster feed the test drives: <see cref="Publish"/> is what a poll of the gateway would do.</summary>
internal sealed class FakeClusterFeed(ClusterFeedState initial) : IClusterFeed
{
    public ClusterFeedState Current { get; private set; } = initial;

    public event EventHandler? Changed;

    public int Subscribers => Changed?.GetInvocationList().Length ?? 0;

    public void Publish(ClusterFeedState state)
    {
        Current = state;
        Changed?.Invoke(this, EventArgs.Empty);
    }
}
