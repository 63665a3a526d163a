using FlexiAI.Providers;

namespace FlexiAI.Routing;

/// <summary>The answer the router got, from which provider, after how many attempts.</summary>
public sealed class RouteResult<T>
{
    internal RouteResult(T value, Provider provider, IReadOnlyList<AttemptRecord> attempts, AttemptCompletion? completion, bool fellBack, bool hedged)
    {
        Value = value;
        Provider = provider;
        Attempts = attempts;
        Completion = completion;
        FellBack = fellBack;
        Hedged = hedged;
    }

    public T Value { get; }

    public Provider Provider { get; }

    /// <summary>Every attempt, the successful one last (hedged requests: the discarded ones just before it).</summary>
    public IReadOnlyList<AttemptRecord> Attempts { get; }

    /// <summary>
    /// For streams: the winning attempt is still open (its first chunk arrived); the caller reads the rest and must
    /// report how it ended. Null for answers that were complete when returned.
    /// </summary>
    public AttemptCompletion? Completion { get; }

    /// <summary>True when the answer did not come from the route's first provider.</summary>
    public bool FellBack { get; }

    /// <summary>True when a hedge was started: a second attempt ran beside one that was slow to answer.</summary>
    public bool Hedged { get; }
}
