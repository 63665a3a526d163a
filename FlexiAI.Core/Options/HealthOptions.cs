namespace FlexiAI.Options;

/// <summary>What <c>/health/ready</c> means.</summary>
public sealed class HealthOptions
{
    /// <summary>
    /// False (default): ready while the process can answer, even when every breaker is open (503
    /// <c>no_provider_available</c> with Retry-After is an answer, and a load balancer has nowhere better to send it).
    /// True: the seed's rule, ready only while some provider's breaker is CLOSED (a HALF_OPEN breaker counts as the
    /// OPEN one it was before its probe, so readiness does not flap with the probe cycle); an outage of every provider
    /// then empties the Service, and clients get the load balancer's error instead of the gateway's.
    /// </summary>
    public bool ReadyRequiresProvider { get; set; }
}
