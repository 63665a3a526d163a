using System.ComponentModel.DataAnnotations;

namespace FlexiAI.Options;

/// <summary>
/// Hedged requests on one route (<c>FlexiAI:Hedging:{route}</c>): when the attempt in flight has not answered within
/// <see cref="Delay"/>, the next available provider of the route is tried as well; the first success wins and the others
/// are cancelled.
/// </summary>
public sealed class HedgingOptions
{
    /// <summary>Longest accepted <see cref="Delay"/>.</summary>
    public static readonly TimeSpan MaxDelay = TimeSpan.FromMinutes(10);

    /// <summary>How long an attempt may go unanswered (for streams: without a first chunk) before the next starts. Required.</summary>
    public TimeSpan Delay { get; set; }

    /// <summary>Attempts in flight at once, the first included. Default 2: the first provider and one hedge.</summary>
    [Range(2, 16)]
    public int MaxParallel { get; set; } = 2;
}
