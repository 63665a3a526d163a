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

    /// <summary>401: the provider rejects the caller's key (OpenAI <c>invalid_api_key</c>, Anthropic <c>authentication_error</c>).</summary>
    [JsonStringEnumMemberName("auth")] Auth,

    /// <summary>403: the key may not use this model or region (OpenAI <c>unsupported_country_region_territory</c>, Anthropic <c>permission_error</c>).</summary>
    [JsonStringEnumMemberName("permission")] Permission,

    /// <summary>404: the model or deployment does not exist (OpenAI <c>model_not_found</c>, Anthropic <c>not_found_error</c>).</summary>
    [JsonStringEnumMemberName("not_found")] NotFound,

    /// <summary>400: the prompt is longer than the context window (OpenAI <c>context_length_exceeded</c>, Anthropic "prompt is too long").</summary>
    [JsonStringEnumMemberName("context_length")] ContextLength,

    /// <summary>413: the request is too large (<c>request_too_large</c>).</summary>
    [JsonStringEnumMemberName("request_too_large")] RequestTooLarge,

    /// <summary>400: the content policy blocks the request (Azure OpenAI <c>content_filter</c>, Anthropic "content filtering policy").</summary>
    [JsonStringEnumMemberName("content_filter")] ContentFilter,
}
