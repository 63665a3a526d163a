using System.Text.Json.Serialization;

namespace FlexiAI.Simulator.Faults;

/// <summary>What a simulated provider does with the calls a fault hits.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<FaultMode>))]
internal enum FaultMode
{
    /// <summary>Answer normally (after <c>latency_ms</c>).</summary>
    [JsonStringEnumMemberName("ok")] Ok,

    /// <summary>Answer <c>status</c> with an error body in the provider's protocol.</summary>
    [JsonStringEnumMemberName("error")] Error,

    /// <summary>Answer 429 with <c>Retry-After: retry_after_s</c>.</summary>
    [JsonStringEnumMemberName("rate_limit")] RateLimit,

    /// <summary>Accept the call and never answer.</summary>
    [JsonStringEnumMemberName("timeout")] Timeout,

    /// <summary>Wait <c>latency_ms</c> (5000 when 0), then answer normally.</summary>
    [JsonStringEnumMemberName("slow")] Slow,

    /// <summary>Answer 200 with a body that is not valid JSON.</summary>
    [JsonStringEnumMemberName("malformed")] Malformed,

    /// <summary>Send <c>after_chunks</c> events (or half the body), then abort the connection.</summary>
    [JsonStringEnumMemberName("drop_mid_stream")] DropMidStream,
}
