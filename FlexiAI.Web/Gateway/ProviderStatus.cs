namespace FlexiAI.Web.Gateway;

/// <summary>One provider's breaker as one replica sees it (an entry of <c>/providers</c>).</summary>
public sealed record ProviderStatus(
    string Name,
    string Kind,
    string Model,
    int Priority,
    bool Available,
    string CircuitState,
    int FailureCount,
    DateTimeOffset? LastFailureTime,
    DateTimeOffset? OpenedAt,
    DateTimeOffset? RetryAt,
    long Epoch,
    string? LastError,
    RequestCounts? Requests,
    string? LastErrorType = null,
    ProviderLoad? Load = null)
{
    /// <summary>
    /// What the board says when the gateway's own configuration is at fault (<c>last_error_type</c> <c>auth</c> or
    /// <c>not_found</c>) and the breaker is open, half-open or counting failures; null otherwise.
    /// </summary>
    public string? ConfigurationFault => State == BreakerState.Unknown || (State == BreakerState.Closed && FailureCount == 0) ? null : LastErrorType switch
    {
        "auth" => "Key rejected: the provider refused the gateway's credentials. Fix its API key, then Reset.",
        "not_found" => "Model not found: the provider does not know the configured model, deployment or URL. Fix the setting, then Reset.",
        _ => null,
    };

    /// <summary><see cref="CircuitState"/> as a value.</summary>
    public BreakerState State => BreakerStates.Parse(CircuitState);
}
