using System.Net;

namespace FlexiAI.Routing;

/// <summary>Why the router could not produce an answer. The gateway maps it to an OpenAI-shaped error.</summary>
public sealed class RoutingException : Exception
{
    public RoutingException(RoutingFailureReason reason, string message, IReadOnlyList<AttemptRecord> attempts,
        TimeSpan? retryAfter = null, ProviderException? rejection = null)
        : base(message, rejection)
    {
        Reason = reason;
        Attempts = attempts;
        RetryAfter = retryAfter;
        Rejection = rejection;
    }

    public RoutingException() : this(RoutingFailureReason.AllProvidersFailed, "routing failed", []) { }

    public RoutingException(string message) : this(RoutingFailureReason.AllProvidersFailed, message, []) { }

    public RoutingException(string message, Exception inner) : base(message, inner)
    {
        Attempts = [];
    }

    public RoutingFailureReason Reason { get; }

    /// <summary>Every attempt made, in order (skipped providers are not attempts).</summary>
    public IReadOnlyList<AttemptRecord> Attempts { get; }

    /// <summary>When to try again: the earliest breaker recovery (for <see cref="RoutingFailureReason.NoProviderAvailable"/>).</summary>
    public TimeSpan? RetryAfter { get; }

    /// <summary>The provider's rejection, for <see cref="RoutingFailureReason.RejectedByProvider"/>.</summary>
    public ProviderException? Rejection { get; }

    public HttpStatusCode StatusCode => Reason switch
    {
        RoutingFailureReason.RejectedByProvider => Rejection?.StatusCode ?? HttpStatusCode.BadRequest,
        RoutingFailureReason.NoProviderAvailable => HttpStatusCode.ServiceUnavailable,
        _ => HttpStatusCode.BadGateway,
    };
}
