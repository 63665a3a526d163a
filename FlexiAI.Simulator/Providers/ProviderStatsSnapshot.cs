namespace FlexiAI.Simulator.Providers;

/// <summary>The counters of one provider at one moment, as <c>GET /stats</c> shows them.</summary>
internal sealed record ProviderStatsSnapshot(
    long Calls,
    long Ok,
    long Error,
    long RateLimit,
    long Timeout,
    long Slow,
    long Malformed,
    long DropMidStream,
    long Streaming,
    long BadRequest);
