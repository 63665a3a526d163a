namespace FlexiAI.Web.Gateway;

/// <summary>The gateway answered with an error (or could not be reached); <see cref="Error"/> says what it said.</summary>
public sealed class GatewayException : Exception
{
    public GatewayException(GatewayError error, ChatRouting? routing = null, Exception? innerException = null)
        : base(error?.Message, innerException)
    {
        ArgumentNullException.ThrowIfNull(error);
        Error = error;
        Routing = routing;
    }

    public GatewayException()
        : this(new GatewayError("The gateway failed.", null, null, null))
    {
    }

    public GatewayException(string message)
        : this(new GatewayError(message, null, null, null))
    {
    }

    public GatewayException(string message, Exception innerException)
        : this(new GatewayError(message, null, null, null), null, innerException)
    {
    }

    public GatewayError Error { get; }

    /// <summary>The routing headers of the failed response (attempts made), when there was a response.</summary>
    public ChatRouting? Routing { get; }
}
