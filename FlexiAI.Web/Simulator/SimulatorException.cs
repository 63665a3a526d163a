namespace FlexiAI.Web.Simulator;

/// <summary>A simulator call failed; the message says how, for the page to show.</summary>
public sealed class SimulatorException : Exception
{
    public SimulatorException()
    {
    }

    public SimulatorException(string message)
        : base(message)
    {
    }

    public SimulatorException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
