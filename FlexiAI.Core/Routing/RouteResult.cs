using FlexiAI.Providers;

namespace FlexiAI.Routing;

/// <summary>The answer the router got, from which provider, after how many attempts.</summary>
public sealed class RouteResult<T>
{
    internal RouteResult(T value, Provider provider, IReadOnlyList<AttemptRecord> attempts, AttemptCompletion? completion, bool fellBack)
    {
        Value = value;
        Provider = provider;
        Attempts = attempts;
        Completion = completion;
        FellBack = fellBack;
    }

    public T Value { get; }

    public Provider Provider { get; }

    /// <summary>Every attempt, the successful one last.</summary>
    public IReadOnlyList<AttemptRecord> Attempts { get; }

    /// <summary>
    /// For streams: the winning attempt is still open (its first chunk arrived); the caller reads the rest and must
    /// report how it ended. Null for answers that were complete when returned.
    /// </summary>
    public AttemptCompletion? Completion { get; }

    /// <summary>True when the answer did not come from the route's first provider.</summary>
    public bool FellBack { get; }
}
