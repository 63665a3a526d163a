using System.Net;

namespace FlexiAI.Routing;

/// <summary>
/// Thrown by an attempt when the provider answered with an error status (or an unreadable body). Carries the
/// provider's error body so a client error can be returned to the caller as the provider sent it.
/// </summary>
public sealed class ProviderException : Exception
{
    public ProviderException(ProviderFailure failure, ReadOnlyMemory<byte> body = default, string? contentType = null, Exception? inner = null)
        : base(failure.Description, inner)
    {
        Failure = failure;
        Body = body;
        ContentType = contentType;
    }

    public ProviderException() : this(new ProviderFailure(FailureKind.ServerError, null, null, "provider error")) { }

    public ProviderException(string message) : this(new ProviderFailure(FailureKind.ServerError, null, null, message)) { }

    public ProviderException(string message, Exception inner) : this(new ProviderFailure(FailureKind.ServerError, null, null, message), inner: inner) { }

    /// <summary>A 2xx answer that cannot be read (not JSON, cut short, not the protocol's shape).</summary>
    public static ProviderException Malformed(string description, Exception? inner = null) =>
        new(new ProviderFailure(FailureKind.MalformedResponse, null, null, description), inner: inner);

    /// <summary>A request this gateway cannot carry to the provider's protocol: a client error (400), not the provider's fault.</summary>
    internal static ProviderException Unsupported(string message) =>
        new(new ProviderFailure(FailureKind.ClientError, HttpStatusCode.BadRequest, null, message), inner: new NotSupportedException(message));

    public ProviderFailure Failure { get; }

    /// <summary>The provider's error body, if any (not logged: it may echo the request).</summary>
    public ReadOnlyMemory<byte> Body { get; }

    public string? ContentType { get; }

    /// <summary>The provider's allowlisted response headers (<see cref="Http.ProviderResponseHeaders"/>), for a caller that gets its answer as sent.</summary>
    public IReadOnlyList<KeyValuePair<string, string>>? Headers { get; init; }

    public HttpStatusCode? StatusCode => Failure.StatusCode;
}
