namespace FlexiAI.Options;

/// <summary>What tests an open breaker once its recovery time has passed (<c>CircuitBreaker:ProbeMode</c>).</summary>
public enum BreakerProbeMode
{
    /// <summary>
    /// The replica that takes the cluster-wide probe lease sends a probe of its own (<see cref="ProviderOptions.Probe"/>);
    /// user requests skip a provider whose breaker is not CLOSED, so no user pays for a provider still down.
    /// </summary>
    Background,

    /// <summary>The first user request after the recovery time is the probe (the seed's behaviour).</summary>
    UserRequests,
}
