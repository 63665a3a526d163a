using FlexiAI.Web.Gateway;

namespace FlexiAI.Web.Board;

/// <summary>A stretch of time in which a provider's breaker was in <see cref="State"/> (the worst over the replicas).</summary>
public sealed record StateSpan(BreakerState State, DateTimeOffset From, DateTimeOffset To);
