namespace FlexiAI.Options;

/// <summary>
/// How a route spreads its requests over a group (providers of equal <c>Priority</c> next to each other on the route):
/// <c>FlexiAI:Strategy:{route}</c>. A failure moves to the next member of the group, then to the next group.
/// </summary>
public enum GroupStrategy
{
    /// <summary><c>priority</c> (default): the route's order, as if every priority were distinct.</summary>
    Priority,

    /// <summary><c>weighted</c>: each member in turn, in proportion to its <c>Weight</c>.</summary>
    Weighted,

    /// <summary><c>least-busy</c>: the member with the fewest attempts in flight on this replica.</summary>
    LeastBusy,

    /// <summary><c>latency</c>: the member with the lowest recent latency (time to first chunk for streams).</summary>
    Latency,
}
