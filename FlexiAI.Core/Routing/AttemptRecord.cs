namespace FlexiAI.Routing;

/// <summary>One attempt on one provider: who, how long, and the failure if it failed.</summary>
public sealed record AttemptRecord(string Provider, TimeSpan Duration, ProviderFailure? Failure)
{
    public override string ToString() => Failure is null ? $"{Provider}: ok" : $"{Provider}: {Failure.Description}";
}
