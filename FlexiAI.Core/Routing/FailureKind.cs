namespace FlexiAI.Routing;

/// <summary>Why an attempt failed. The text form (snake_case) is the <c>error_type</c> label in metrics.</summary>
public enum FailureKind
{
    /// <summary>Could not connect, or the connection broke before an answer.</summary>
    Connection,
    /// <summary>The per-attempt timeout expired.</summary>
    Timeout,
    /// <summary>HTTP 5xx (or 408).</summary>
    ServerError,
    /// <summary>HTTP 429.</summary>
    RateLimited,
    /// <summary>A 2xx answer that could not be read.</summary>
    MalformedResponse,
    /// <summary>A stream that broke after its first chunk reached the client.</summary>
    StreamInterrupted,
    /// <summary>HTTP 4xx not classified below: the request itself is wrong, so every provider would reject it.</summary>
    ClientError,
    /// <summary>HTTP 401 or 403: the provider rejected the gateway's credentials or permissions (the gateway's configuration, not the caller).</summary>
    Auth,
    /// <summary>HTTP 404: the provider does not know the configured model, deployment or URL (the gateway's configuration).</summary>
    NotFound,
    /// <summary>The request is longer than the provider's context window (<c>context_length_exceeded</c>, prompt too long, 413).</summary>
    ContextLength,
    /// <summary>The provider's content policy rejected the request (<c>content_filter</c>, <c>content_policy_violation</c>).</summary>
    ContentPolicy,
    /// <summary>
    /// The gateway's own code threw during the attempt (not the provider's answer, not the network): the caller gets a
    /// 500 <c>internal_error</c> and the provider's breaker is not touched.
    /// </summary>
    GatewayError,
}
