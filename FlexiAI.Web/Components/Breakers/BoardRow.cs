using FlexiAI.Web.Gateway;

namespace FlexiAI.Web.Components.Breakers;

/// <summary>One provider of the board, with what each live replica says of it.</summary>
public sealed record BoardRow(string Name, string Kind, string Model, int Priority, IReadOnlyList<BoardCell> Cells)
{
    /// <summary>The worst state over the replicas: what the provider's summary badge shows.</summary>
    /// <summary>The configuration fault some replica reports for this provider (a rejected key, an unknown model), or null.</summary>
    public string? ConfigurationFault => Cells.Select(c => c.Status?.ConfigurationFault).FirstOrDefault(f => f is not null);

    public BreakerState WorstState => Cells.Aggregate(BreakerState.Unknown, (worst, c) => BreakerStates.Worst(worst, c.Status?.State ?? BreakerState.Unknown));
}
