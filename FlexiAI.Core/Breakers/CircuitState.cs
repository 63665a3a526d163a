namespace FlexiAI.Breakers;

/// <summary>Breaker states; the text form (CLOSED, OPEN, HALF_OPEN) is what the HTTP surface shows.</summary>
public enum CircuitState
{
    Closed = 0,
    HalfOpen = 1,
    Open = 2,
}
