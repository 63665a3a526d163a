using System.ComponentModel.DataAnnotations;

namespace FlexiAI.Options;

/// <summary>How a replica leaves on SIGTERM: unready at once, still accepting for a while, then draining.</summary>
public sealed class ShutdownOptions
{
    /// <summary>
    /// How long new connections are still accepted after SIGTERM, while readiness already answers 503, so that load
    /// balancers notice before the listener closes. Default 5 s.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00")]
    public TimeSpan ReadinessDelay { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How long requests and streams in flight may take to finish after the listener closes; then they are cut.
    /// The host's shutdown timeout is this plus <see cref="ReadinessDelay"/>. Default 60 s.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan DrainTimeout { get; set; } = TimeSpan.FromSeconds(60);
}
