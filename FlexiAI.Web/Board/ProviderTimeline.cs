namespace FlexiAI.Web.Board;

/// <summary>One provider's lane: calls per bucket by outcome, and its breaker state over time.</summary>
public sealed record ProviderTimeline(string Name, IReadOnlyList<TimelineBucket> Buckets, IReadOnlyList<StateSpan> States);
