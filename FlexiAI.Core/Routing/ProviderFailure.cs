using System.Net;
using FlexiAI.Breakers;
using FlexiAI.Http;

namespace FlexiAI.Routing;

/// <summary>A classified attempt failure.</summary>
/// <param name="Kind">What went wrong.</param>
/// <param name="StatusCode">The provider's HTTP status, when it answered.</param>
/// <param name="RetryAfter">The provider's Retry-After, when it sent one.</param>
/// <param name="Description">Short and secret-free: safe for logs, headers and <c>/providers</c>.</param>
public sealed record ProviderFailure(FailureKind Kind, HttpStatusCode? StatusCode, TimeSpan? RetryAfter, string Description)
{
    /// <summary>
    /// Moves on to the next provider: everything but the caller's and the gateway's own errors. A context window or
    /// content policy rejection moves on only where the route allows it (<see cref="FailoverRouter"/> decides).
    /// </summary>
    public bool FailsOver => Kind is not (FailureKind.ClientError or FailureKind.GatewayError or FailureKind.ContextLength or FailureKind.ContentPolicy);

    /// <summary>
    /// Failures that say something about the provider (or the gateway's configuration of it) count against its breaker;
    /// a rejection of the request itself, and the gateway's own errors, never do.
    /// </summary>
    public bool CountsAgainstBreaker => FailsOver;

    public BreakerFailure ToBreakerFailure() => new(Description, RetryAfter, CredentialsRejected: Kind == FailureKind.Auth);

    /// <summary>The <c>error_type</c> metric label.</summary>
    public string ErrorType => ErrorTypeOf(Kind);

    /// <summary>Every <c>error_type</c> label value, one per <see cref="FailureKind"/>: the series that exist at 0 from start.</summary>
    public static IReadOnlyList<string> ErrorTypes { get; } = [.. Enum.GetValues<FailureKind>().Select(ErrorTypeOf).Distinct()];

    /// <summary>The <c>error_type</c> label of a kind of failure.</summary>
    public static string ErrorTypeOf(FailureKind kind) => kind switch
    {
        FailureKind.Connection => "connection",
        FailureKind.Timeout => "timeout",
        FailureKind.ServerError => "server_error",
        FailureKind.RateLimited => "rate_limited",
        FailureKind.MalformedResponse => "malformed_response",
        FailureKind.StreamInterrupted => "stream_interrupted",
        FailureKind.Auth => BreakerFaults.Auth,
        FailureKind.NotFound => BreakerFaults.NotFound,
        FailureKind.ContextLength => "context_length_exceeded",
        FailureKind.ContentPolicy => "content_policy",
        FailureKind.GatewayError => "internal_error",
        _ => "client_error",
    };

    /// <summary>The gateway's own code threw during the attempt: a 500 for the caller, nothing against the provider.</summary>
    public static ProviderFailure Gateway(Exception exception) =>
        new(FailureKind.GatewayError, HttpStatusCode.InternalServerError, null, "gateway error: " + exception.GetType().Name);

    /// <summary>Classifies an HTTP status the provider answered with (not a success), without its body.</summary>
    public static ProviderFailure FromStatus(HttpStatusCode status, TimeSpan? retryAfter) => FromAnswer(status, retryAfter, default);

    /// <summary>
    /// Classifies a provider's error answer by its status and, for a 400-class status, the error body's <c>type</c>,
    /// <c>code</c> and <c>message</c> (OpenAI and Anthropic shapes); the classification table is in README.md.
    /// </summary>
    public static ProviderFailure FromAnswer(HttpStatusCode status, TimeSpan? retryAfter, ReadOnlySpan<byte> body)
    {
        var code = (int)status;
        var kind = code switch
        {
            429 => FailureKind.RateLimited,
            408 => FailureKind.ServerError,
            >= 500 => FailureKind.ServerError,
            401 or 403 => FailureKind.Auth,
            404 => FailureKind.NotFound,
            413 => FailureKind.ContextLength,
            >= 400 => ProviderErrorBody.Classify(body),
            _ => FailureKind.MalformedResponse, // 1xx/3xx where an answer was expected
        };
        var description = kind switch
        {
            FailureKind.Auth => $"HTTP {code} {BreakerFaults.CredentialsRejected}",
            FailureKind.NotFound => $"HTTP {code} {BreakerFaults.ModelNotFound}",
            FailureKind.ContextLength => $"HTTP {code} context length exceeded",
            FailureKind.ContentPolicy => $"HTTP {code} content policy",
            _ => $"HTTP {code}",
        };
        return new ProviderFailure(kind, status, retryAfter, description);
    }
}
