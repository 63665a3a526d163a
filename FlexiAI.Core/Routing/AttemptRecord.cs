namespace FlexiAI.Routing;

/// <summary>One attempt on one provider: who, how long, and the failure if it failed.</summary>
/// <param name="Provider">The provider's name.</param>
/// <param name="Duration">From the attempt's start to its outcome (for a discarded attempt: to when it was given up).</param>
/// <param name="Failure">Why it failed; null when it answered or was discarded.</param>
public record AttemptRecord(string Provider, TimeSpan Duration, ProviderFailure? Failure)
{
    /// <summary>
    /// Hedged requests: another attempt answered first, so this one was cancelled (or its late answer dropped). Not a
    /// failure of its provider.
    /// </summary>
    public virtual bool Discarded => false;

    public override string ToString() =>
        Discarded ? $"{Provider}: cancelled (another provider answered first)"
        : Failure is null ? $"{Provider}: ok"
        : $"{Provider}: {Failure.Description}";
}

/// <summary>An attempt of a hedged request whose answer was not used: another provider answered first.</summary>
public sealed record DiscardedAttemptRecord(string Provider, TimeSpan Duration) : AttemptRecord(Provider, Duration, null)
{
    public override bool Discarded => true;

    public override string ToString() => base.ToString();
}
