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
}
