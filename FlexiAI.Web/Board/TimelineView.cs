namespace FlexiAI.Web.Board;

/// <summary>The timeline from <see cref="From"/> to <see cref="To"/>: one lane per provider, in priority order.</summary>
public sealed record TimelineView(DateTimeOffset From, DateTimeOffset To, TimeSpan BucketSize, IReadOnlyList<ProviderTimeline> Providers)
{
    public static TimelineView Empty { get; } = new(DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch, TimeSpan.FromSeconds(5), []);
}
