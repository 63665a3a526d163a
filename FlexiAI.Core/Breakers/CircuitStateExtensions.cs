namespace FlexiAI.Breakers;

public static class CircuitStateExtensions
{
    /// <summary>The form used on the wire and in logs: CLOSED, OPEN, HALF_OPEN.</summary>
    public static string ToWire(this CircuitState state) => state switch
    {
        CircuitState.Closed => "CLOSED",
        CircuitState.Open => "OPEN",
        _ => "HALF_OPEN",
    };
}
