using System.ComponentModel.DataAnnotations;

namespace FlexiAI.Options;

/// <summary>Circuit-breaker settings shared by every provider.</summary>
public sealed class CircuitBreakerOptions
{
    /// <summary>Counted failures in a row that open the breaker. Default 5.</summary>
    [Range(1, 10_000)]
    public int FailureThreshold { get; set; } = 5;

    /// <summary>How long an open breaker waits before a probe may go out. Default 60 s.</summary>
    public TimeSpan RecoveryTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Probes in flight at once while half-open, across the whole cluster. Default 1.</summary>
    [Range(1, 1000)]
    public int HalfOpenMaxCalls { get; set; } = 1;

    /// <summary>
    /// A provider that rejects the gateway's key (HTTP 401/403) opens its breaker at once rather than after
    /// <see cref="FailureThreshold"/> failures: a rejected key is not transient. Default true.
    /// </summary>
    public bool OpenOnAuthFailure { get; set; } = true;

    /// <summary>How long a breaker opened by a rejected key waits before a probe (with <see cref="OpenOnAuthFailure"/>). Default 5 minutes.</summary>
    public TimeSpan AuthFailureRecoveryTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// What tests a breaker once its recovery time has passed: <see cref="BreakerProbeMode.Background"/> (default: a
    /// probe of the gateway's own, sent by the replica holding the cluster-wide probe lease) or
    /// <see cref="BreakerProbeMode.UserRequests"/> (a user's request is the probe).
    /// </summary>
    public BreakerProbeMode ProbeMode { get; set; } = BreakerProbeMode.Background;
}
