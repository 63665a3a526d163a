using System.Net;
using FlexiAI.Breakers;

namespace FlexiAI.Routing;

/// <summary>A classified attempt failure.</summary>
/// <param name="Kind">What went wrong.</param>
/// <param name="StatusCode">The provider's HTTP status, when it answered.</param>
/// <param name="RetryAfter">The provider's Retry-After, when it sent one.</param>
/// <param name="Description">Short and secret-free: safe for logs, headers and <c>/providers</c>.</param>
public sealed record ProviderFailure(FailureKind Kind, HttpStatusCode? StatusCode, TimeSpan? RetryAfter, string Description)
{
    /// <summary>Client errors go back to the caller; every other failure moves on to the next provider.</summary>
    public bool FailsOver => Kind != FailureKind.ClientError;

    /// <summary>Failures that say something about the provider's health count against its breaker.</summary>
    public bool CountsAgainstBreaker => Kind != FailureKind.ClientError;

    public BreakerFailure ToBreakerFailure() => new(Description, RetryAfter);

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
        _ => "client_error",
    };

    /// <summary>Classifies an HTTP status the provider answered with (not a success).</summary>
    public static ProviderFailure FromStatus(HttpStatusCode status, TimeSpan? retryAfter)
    {
        var code = (int)status;
        var kind = code switch
        {
            429 => FailureKind.RateLimited,
            408 => FailureKind.ServerError,
            >= 500 => FailureKind.ServerError,
            >= 400 => FailureKind.ClientError,
            _ => FailureKind.MalformedResponse, // 1xx/3xx where an answer was expected
        };
        return new ProviderFailure(kind, status, retryAfter, $"HTTP {code}");
    }
}
