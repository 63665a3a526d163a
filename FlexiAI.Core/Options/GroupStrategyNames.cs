namespace FlexiAI.Options;

/// <summary>The configuration spelling of each <see cref="GroupStrategy"/>.</summary>
public static class GroupStrategyNames
{
    /// <summary>Every accepted value, as written in configuration.</summary>
    public static readonly IReadOnlyList<string> All = ["priority", "weighted", "least-busy", "latency"];

    /// <summary>Parses a configured value (case-insensitive); false when it names no strategy.</summary>
    public static bool TryParse(string? value, out GroupStrategy strategy)
    {
        var index = value is null ? -1 : IndexOf(value);
        strategy = (GroupStrategy)Math.Max(index, 0);
        return index >= 0;
    }

    /// <summary>The configuration spelling (<c>least-busy</c>).</summary>
    public static string ToWire(this GroupStrategy strategy) => All[(int)strategy];

    private static int IndexOf(string value)
    {
        for (var i = 0; i < All.Count; i++)
        {
            if (string.Equals(All[i], value, StringComparison.OrdinalIgnoreCase))
            {
                return i;
            }
        }
        return -1;
    }
}
