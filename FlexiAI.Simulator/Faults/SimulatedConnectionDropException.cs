namespace FlexiAI.Simulator.Faults;

/// <summary>
/// Thrown on purpose by the <c>drop_mid_stream</c> fault once the response has started, to break the connection.
/// </summary>
/// <remarks>
/// <c>HttpContext.Abort()</c> would be the obvious way, but Kestrel's abort discards output that was flushed to
/// its pipe and not yet written to the socket, so a client could lose the events (even the headers) it should
/// have seen before the drop. When the application throws after the response has started, Kestrel instead
/// sends what was flushed, omits the end of the body (the last chunk) and closes the connection: the client
/// reads exactly the events sent, then fails with "response ended prematurely". Kestrel logs the exception at
/// Error level; its message says the failure is simulated.
/// </remarks>
public sealed class SimulatedConnectionDropException : Exception
{
    public SimulatedConnectionDropException()
        : this("Simulated drop_mid_stream fault: the connection was dropped on purpose.")
    {
    }

    public SimulatedConnectionDropException(string message)
        : base(message)
    {
    }

    public SimulatedConnectionDropException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
