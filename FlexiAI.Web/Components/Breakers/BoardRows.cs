using FlexiAI.Web.Gateway;

namespace FlexiAI.Web.Components.Breakers;

/// <summary>Arranges a <see cref="ClusterReport"/> as the board shows it: providers by priority, replicas by id.</summary>
public static class BoardRows
{
    public static IReadOnlyList<BoardRow> From(ClusterReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var replicas = report.Replicas.OrderBy(r => r.ReplicaId, StringComparer.Ordinal).ToList();
        return replicas
            .SelectMany(r => r.Providers)
            .GroupBy(p => p.Name, StringComparer.Ordinal)
            .Select(g => g.First())
            .OrderBy(p => p.Priority).ThenBy(p => p.Name, StringComparer.Ordinal)
            .Select(p => new BoardRow(p.Name, p.Kind, p.Model, p.Priority,
                [.. replicas.Select(r => new BoardCell(r, r.Providers.FirstOrDefault(x => x.Name == p.Name)))]))
            .ToList();
    }
}
