using FlexiAI.Web.Gateway;

namespace FlexiAI.Web.Board;

/// <summary>
/// Turns successive <c>/cluster</c> reports into a timeline: calls per provider and bucket by outcome (from the
/// growth of each replica's counters), and each provider's breaker state over time (the worst over the replicas).
/// Not thread-safe: one poller records, and hands out immutable <see cref="TimelineView"/>s.
/// </summary>
public sealed class ClusterTimeline
{
    private readonly TimeSpan _window;
    private readonly TimeSpan _bucketSize;
    private readonly TimeSpan _maxGap;
    private readonly Dictionary<(string Replica, string Provider), RequestCounts> _lastCounts = [];
    private readonly Dictionary<string, Track> _tracks = new(StringComparer.Ordinal);
    private DateTimeOffset? _firstSample;

    /// <param name="window">History kept.</param>
    /// <param name="bucketSize">Width of one bar.</param>
    /// <param name="maxGap">
    /// Two samples further apart than this leave a hole in the state bands: nothing is known of that time
    /// (the gateway did not answer). Default 5 s.
    /// </param>
    public ClusterTimeline(TimeSpan window, TimeSpan bucketSize, TimeSpan? maxGap = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(window, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(bucketSize, TimeSpan.Zero);
        _window = window;
        _bucketSize = bucketSize;
        _maxGap = maxGap ?? TimeSpan.FromSeconds(5);
    }

    /// <summary>The shortest stretch a snapshot spans, so that a fresh start is not drawn as a sliver at the right edge.</summary>
    public static TimeSpan MinimumSpan { get; } = TimeSpan.FromMinutes(1);

    /// <summary>Adds a report received at <paramref name="now"/>.</summary>
    public void Record(ClusterReport report, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(report);
        _firstSample ??= now;
        var seen = new HashSet<(string, string)>();
        var states = new Dictionary<string, BreakerState>(StringComparer.Ordinal);
        foreach (var replica in report.Replicas)
        {
            foreach (var provider in replica.Providers)
            {
                var track = TrackFor(provider);
                states[provider.Name] = BreakerStates.Worst(states.GetValueOrDefault(provider.Name), provider.State);
                if (provider.Requests is not { } counts)
                {
                    continue;
                }

                var key = (replica.ReplicaId, provider.Name);
                seen.Add(key);
                if (_lastCounts.TryGetValue(key, out var previous))
                {
                    // Counters only grow; a smaller total means the replica started again under the same id.
                    var (success, failure) = counts.Total < previous.Total
                        ? (counts.Success, counts.Failure)
                        : (Math.Max(0, counts.Success - previous.Success), Math.Max(0, counts.Failure - previous.Failure));
                    track.AddCalls(BucketStart(now), success, failure);
                }

                // A replica seen for the first time sets its baseline: its past calls are not a burst now.
                _lastCounts[key] = counts;
            }
        }

        foreach (var key in _lastCounts.Keys.Where(k => !seen.Contains(k)).ToList())
        {
            _lastCounts.Remove(key);
        }

        foreach (var (name, state) in states)
        {
            _tracks[name].AddState(state, now, _maxGap);
        }

        Prune(now);
    }

    /// <summary>
    /// The timeline up to <paramref name="now"/>: the whole window once that much is recorded; before that, from the
    /// first report (at least <see cref="MinimumSpan"/>).
    /// </summary>
    public TimelineView Snapshot(DateTimeOffset now)
    {
        var from = now - _window;
        if (_firstSample is { } first && first > from)
        {
            var floor = now - (MinimumSpan < _window ? MinimumSpan : _window);
            from = first < floor ? first : floor;
        }

        var providers = _tracks.Values
            .OrderBy(t => t.Priority).ThenBy(t => t.Name, StringComparer.Ordinal)
            .Select(t => new ProviderTimeline(
                t.Name,
                [.. t.Buckets.Where(b => b.Start + _bucketSize > from).Select(b => new TimelineBucket(b.Start, b.Success, b.Failure))],
                [.. t.States.Where(s => s.To >= from).Select(s => new StateSpan(s.State, s.From < from ? from : s.From, s.To > now ? now : s.To))]))
            .ToList();
        return new TimelineView(from, now, _bucketSize, providers);
    }

    private Track TrackFor(ProviderStatus provider)
    {
        if (!_tracks.TryGetValue(provider.Name, out var track))
        {
            track = new Track(provider.Name);
            _tracks.Add(provider.Name, track);
        }

        track.Priority = provider.Priority;
        return track;
    }

    private DateTimeOffset BucketStart(DateTimeOffset time) =>
        new(time.UtcTicks - (time.UtcTicks % _bucketSize.Ticks), TimeSpan.Zero);

    private void Prune(DateTimeOffset now)
    {
        var from = now - _window - _bucketSize;
        foreach (var track in _tracks.Values)
        {
            track.Buckets.RemoveAll(b => b.Start < from);
            track.States.RemoveAll(s => s.To < from);
        }
    }

    private sealed class Track(string name)
    {
        public string Name { get; } = name;

        public int Priority { get; set; }

        public List<MutableBucket> Buckets { get; } = [];

        public List<MutableSpan> States { get; } = [];

        public void AddCalls(DateTimeOffset bucketStart, long success, long failure)
        {
            if (success == 0 && failure == 0)
            {
                return;
            }

            var bucket = Buckets.Count > 0 && Buckets[^1].Start == bucketStart ? Buckets[^1] : null;
            if (bucket is null)
            {
                bucket = new MutableBucket(bucketStart);
                Buckets.Add(bucket);
            }

            bucket.Success += success;
            bucket.Failure += failure;
        }

        public void AddState(BreakerState state, DateTimeOffset now, TimeSpan maxGap)
        {
            var last = States.Count > 0 ? States[^1] : null;
            var contiguous = last is not null && now - last.To <= maxGap;
            if (contiguous && last!.State == state)
            {
                last.To = now;
            }
            else
            {
                // A change starts where the previous sample left off, so the bands touch.
                States.Add(new MutableSpan(state, contiguous ? last!.To : now, now));
            }
        }
    }

    private sealed class MutableBucket(DateTimeOffset start)
    {
        public DateTimeOffset Start { get; } = start;

        public long Success { get; set; }

        public long Failure { get; set; }
    }

    private sealed class MutableSpan(BreakerState state, DateTimeOffset from, DateTimeOffset to)
    {
        public BreakerState State { get; } = state;

        public DateTimeOffset From { get; } = from;

        public DateTimeOffset To { get; set; } = to;
    }
}
