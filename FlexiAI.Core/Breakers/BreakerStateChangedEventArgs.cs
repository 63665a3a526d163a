namespace FlexiAI.Breakers;

public sealed class BreakerStateChangedEventArgs(string provider, BreakerState previous, BreakerState current) : EventArgs
{
    public string Provider { get; } = provider;
    public BreakerState Previous { get; } = previous;
    public BreakerState Current { get; } = current;
}
