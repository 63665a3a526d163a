namespace FlexiAI.Web.Gateway;

/// <summary>Converts breaker states between the gateway's words and <see cref="BreakerState"/>.</summary>
public static class BreakerStates
{
    public static BreakerState Parse(string? wire) => wire?.ToUpperInvariant() switch
    {
        "CLOSED" => BreakerState.Closed,
        "HALF_OPEN" => BreakerState.HalfOpen,
        "OPEN" => BreakerState.Open,
        _ => BreakerState.Unknown,
    };

    /// <summary>The word shown for a state; it is the gateway's own word, so logs and the board agree.</summary>
    public static string Word(this BreakerState state) => state switch
    {
        BreakerState.Closed => "CLOSED",
        BreakerState.HalfOpen => "HALF_OPEN",
        BreakerState.Open => "OPEN",
        _ => "UNKNOWN",
    };

    /// <summary>The CSS modifier for a state (colour and pattern).</summary>
    public static string CssClass(this BreakerState state) => state switch
    {
        BreakerState.Closed => "closed",
        BreakerState.HalfOpen => "half-open",
        BreakerState.Open => "open",
        _ => "unknown",
    };

    /// <summary>The worse of two states: a provider open on any replica is shown open for the cluster.</summary>
    public static BreakerState Worst(BreakerState a, BreakerState b) => a >= b ? a : b;
}
