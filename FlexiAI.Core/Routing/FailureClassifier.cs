using System.ClientModel;
using System.Net;
using System.Text.Json;

namespace FlexiAI.Routing;

/// <summary>
/// Maps whatever an attempt threw (our own HTTP paths, the OpenAI SDK, sockets) to one
/// <see cref="ProviderFailure"/>, so the failover rules are written once.
/// </summary>
public static class FailureClassifier
{
    /// <param name="exception">What the attempt threw.</param>
    /// <param name="attemptTimedOut">The attempt's own timeout fired (as opposed to the caller cancelling).</param>
    /// <param name="timeout">The per-attempt timeout, for the description.</param>
    public static ProviderFailure Classify(Exception exception, bool attemptTimedOut, TimeSpan timeout)
    {
        if (attemptTimedOut)
        {
            return new ProviderFailure(FailureKind.Timeout, null, null, $"timeout after {timeout.TotalSeconds:0.###}s");
        }

        return exception switch
        {
            ProviderException provider => provider.Failure,
            ClientResultException { Status: > 0 } openAi =>
                ProviderFailure.FromAnswer((HttpStatusCode)openAi.Status, RetryAfterParser.FromHeaders(openAi.GetRawResponse()), ErrorBody(openAi)),
            JsonException or FormatException =>
                new ProviderFailure(FailureKind.MalformedResponse, null, null, "malformed response"),
            HttpRequestException { StatusCode: { } status } => ProviderFailure.FromStatus(status, null),
            _ when Unwrap<HttpRequestException>(exception) is { } http => new ProviderFailure(FailureKind.Connection, null, null, Describe(http)),
            _ when Unwrap<IOException>(exception) is not null => new ProviderFailure(FailureKind.Connection, null, null, "connection lost"),
            ClientResultException => new ProviderFailure(FailureKind.Connection, null, null, "connection failed"),
            // Anything else was thrown by the gateway's own code, not caused by the provider: never its breaker's business.
            _ => ProviderFailure.Gateway(exception),
        };
    }

    /// <summary>The error body the OpenAI SDK kept (it buffers error answers), or empty.</summary>
    private static ReadOnlySpan<byte> ErrorBody(ClientResultException exception)
    {
        try
        {
            return exception.GetRawResponse()?.Content is { } content ? content.ToMemory().Span : default;
        }
        catch (InvalidOperationException)
        {
            return default; // a streamed answer whose content was not buffered
        }
    }

    private static string Describe(HttpRequestException exception) => exception.HttpRequestError switch
    {
        HttpRequestError.ConnectionError => "connection refused or reset",
        HttpRequestError.NameResolutionError => "name resolution failed",
        HttpRequestError.SecureConnectionError => "TLS handshake failed",
        HttpRequestError.ResponseEnded => "connection closed before the response ended",
        HttpRequestError.InvalidResponse => "invalid HTTP response",
        _ => "connection failed",
    };

    private static T? Unwrap<T>(Exception exception) where T : Exception
    {
        for (Exception? e = exception; e is not null; e = e.InnerException)
        {
            if (e is T match)
            {
                return match;
            }
        }
        return null;
    }
}
