using FlexiAI.Web.Board;
using FlexiAI.Web.Gateway;
using static FlexiAI.Tests.Web.ClusterReports;

namespace FlexiAI.Tests.Web;

/// <summary>How successive /cluster reports become the timeline's bars and state bands.</summary>
public sealed class ClusterTimelineTests
{
    private static readonly TimeSpan Bucket = TimeSpan.FromSeconds(5);

    [Fact]
    public void Calls_are_the_growth_of_each_replicas_counters_summed_per_provider()
    {
        var timeline = new ClusterTimeline(TimeSpan.FromMinutes(5), Bucket);
        timeline.Record(Counts(("a", 10, 0), ("b", 4, 1)), Now);                  // baseline: nothing counted yet
        timeline.Record(Counts(("a", 13, 0), ("b", 4, 3)), Now.AddSeconds(1));    // +3 ok on a, +2 failed on b

        var lane = Assert.Single(timeline.Snapshot(Now.AddSeconds(1)).Providers);
        var bucket = Assert.Single(lane.Buckets);
        Assert.Equal((3L, 2L), (bucket.Success, bucket.Failure));
        Assert.Equal(Now, bucket.Start);
    }

    [Fact]
    public void A_replica_that_appears_sets_a_baseline_and_one_that_restarts_counts_from_zero()
    {
        var timeline = new ClusterTimeline(TimeSpan.FromMinutes(5), Bucket);
        timeline.Record(Counts(("a", 10, 0)), Now);
        timeline.Record(Counts(("a", 10, 0), ("late", 500, 20)), Now.AddSeconds(1)); // late joiner: its history is no burst
        timeline.Record(Counts(("a", 2, 1), ("late", 500, 20)), Now.AddSeconds(2));  // a restarted under the same id

        var bucket = Assert.Single(Assert.Single(timeline.Snapshot(Now.AddSeconds(2)).Providers).Buckets);
        Assert.Equal((2L, 1L), (bucket.Success, bucket.Failure));
    }

    [Fact]
    public void State_bands_follow_the_worst_replica_and_touch_at_each_change()
    {
        var timeline = new ClusterTimeline(TimeSpan.FromMinutes(5), Bucket);
        timeline.Record(States("CLOSED", "CLOSED"), Now);
        timeline.Record(States("CLOSED", "CLOSED"), Now.AddSeconds(1));
        timeline.Record(States("OPEN", "CLOSED"), Now.AddSeconds(2));
        timeline.Record(States("HALF_OPEN", "HALF_OPEN"), Now.AddSeconds(3));

        var states = Assert.Single(timeline.Snapshot(Now.AddSeconds(3)).Providers).States;
        Assert.Equal(
            [
                new StateSpan(BreakerState.Closed, Now, Now.AddSeconds(1)),
                new StateSpan(BreakerState.Open, Now.AddSeconds(1), Now.AddSeconds(2)),
                new StateSpan(BreakerState.HalfOpen, Now.AddSeconds(2), Now.AddSeconds(3)),
            ],
            states);
    }

    [Fact]
    public void A_gap_without_reports_leaves_a_hole_in_the_bands()
    {
        var timeline = new ClusterTimeline(TimeSpan.FromMinutes(5), Bucket, maxGap: TimeSpan.FromSeconds(5));
        timeline.Record(States("CLOSED"), Now);
        timeline.Record(States("CLOSED"), Now.AddSeconds(30));

        var states = Assert.Single(timeline.Snapshot(Now.AddSeconds(30)).Providers).States;
        Assert.Equal([new StateSpan(BreakerState.Closed, Now, Now), new StateSpan(BreakerState.Closed, Now.AddSeconds(30), Now.AddSeconds(30))], states);
    }

    [Fact]
    public void Keeps_only_the_window_and_orders_lanes_by_priority()
    {
        var timeline = new ClusterTimeline(TimeSpan.FromMinutes(1), Bucket);
        var secondFirst = Cluster(Replica("a",
            Provider("second", "CLOSED", priority: 2, requests: new RequestCounts(0, 0, 0)),
            Provider("first", "CLOSED", priority: 1, requests: new RequestCounts(0, 0, 0))));
        timeline.Record(secondFirst, Now);
        timeline.Record(secondFirst with
        {
            Replicas = [Replica("a",
                Provider("second", "CLOSED", priority: 2, requests: new RequestCounts(1, 1, 0)),
                Provider("first", "CLOSED", priority: 1, requests: new RequestCounts(0, 0, 0)))],
        }, Now.AddSeconds(1));
        timeline.Record(secondFirst, Now.AddMinutes(3));

        var view = timeline.Snapshot(Now.AddMinutes(3));
        Assert.Equal(["first", "second"], view.Providers.Select(p => p.Name));
        Assert.All(view.Providers, p => Assert.Empty(p.Buckets));
        Assert.All(view.Providers, p => Assert.All(p.States, s => Assert.True(s.From >= view.From)));
        Assert.Equal(Now.AddMinutes(2), view.From);
    }

    private static ClusterReport Counts(params (string Replica, long Success, long Failure)[] replicas) =>
        Cluster([.. replicas.Select(r => Replica(r.Replica,
            Provider("sim-openai", requests: new RequestCounts(r.Success + r.Failure, r.Success, r.Failure))))]);

    private static ClusterReport States(params string[] perReplica) =>
        Cluster([.. perReplica.Select((state, i) => Replica($"r{i}", Provider("sim-openai", state)))]);
}
