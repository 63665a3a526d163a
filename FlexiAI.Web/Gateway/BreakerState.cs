namespace FlexiAI.Web.Gateway;

/// <summary>A circuit breaker's state, ordered from best to worst.</summary>
public enum BreakerState
{
    /// <summary>A state this UI does not know (a newer gateway).</summary>
    Unknown,

    /// <summary>Calls flow.</summary>
    Closed,

    /// <summary>Probing: a few calls test whether the provider is back.</summary>
    HalfOpen,

    /// <summary>Calls are skipped until <c>retry_at</c>.</summary>
    Open,
}
