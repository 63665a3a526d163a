using FlexiAI.Options;
using FlexiAI.Providers;

namespace FlexiAI.Routing;

/// <summary>
/// The groups of a route (providers of equal priority next to each other) and a turn counter per group: which member goes
/// first for a request under <c>weighted</c>, <c>least-busy</c> or <c>latency</c>. Lock-free.
/// </summary>
internal sealed class GroupTurns
{
    /// <summary>Under <c>latency</c>, one request in this many goes to the next member in turn, so no member's average goes stale.</summary>
    internal const int LatencyExploreEvery = 16;

    private readonly (int Start, int Length)[] _groups;
    private readonly long[] _turns;

    private GroupTurns((int Start, int Length)[] groups)
    {
        _groups = groups;
        _turns = new long[groups.Length];
    }

    /// <summary>The groups of two or more members, or null when every priority on the route is distinct.</summary>
    public static GroupTurns? For(Provider[] providers)
    {
        var groups = new List<(int, int)>();
        for (var start = 0; start < providers.Length;)
        {
            var end = start + 1;
            while (end < providers.Length && providers[end].Options.Priority == providers[start].Options.Priority)
            {
                end++;
            }
            if (end - start > 1)
            {
                groups.Add((start, end - start));
            }
            start = end;
        }
        return groups.Count == 0 ? null : new GroupTurns([.. groups]);
    }

    /// <summary>A copy of <paramref name="providers"/> with each group turned to start at the member <paramref name="strategy"/> chose.</summary>
    public Provider[] Arrange(Provider[] providers, GroupStrategy strategy, bool streaming)
    {
        var arranged = (Provider[])providers.Clone();
        for (var g = 0; g < _groups.Length; g++)
        {
            var (start, length) = _groups[g];
            var turn = Interlocked.Increment(ref _turns[g]) - 1;
            var members = providers.AsSpan(start, length);
            var first = strategy switch
            {
                GroupStrategy.Weighted => ByWeight(members, turn),
                GroupStrategy.LeastBusy => LeastBusy(members, turn),
                _ => Fastest(members, turn, streaming),
            };
            for (var i = 0; i < length; i++)
            {
                arranged[start + i] = members[(first + i) % length];
            }
        }
        return arranged;
    }

    /// <summary>Turn <paramref name="turn"/> of a cycle as long as the weights' sum: each member gets its weight's number of turns.</summary>
    internal static int ByWeight(ReadOnlySpan<Provider> members, long turn)
    {
        var total = 0;
        foreach (var member in members)
        {
            total += member.Options.Weight;
        }
        var slot = (int)(turn % total);
        for (var i = 0; i < members.Length; i++)
        {
            slot -= members[i].Options.Weight;
            if (slot < 0)
            {
                return i;
            }
        }
        return 0;
    }

    /// <summary>Fewest attempts in flight; ties go round in turn.</summary>
    internal static int LeastBusy(ReadOnlySpan<Provider> members, long turn)
    {
        var offset = (int)(turn % members.Length);
        var best = offset;
        for (var k = 1; k < members.Length; k++)
        {
            var i = (offset + k) % members.Length;
            if (members[i].Load.InFlight < members[best].Load.InFlight)
            {
                best = i;
            }
        }
        return best;
    }

    /// <summary>Lowest recent latency (a member not yet measured first); every <see cref="LatencyExploreEvery"/>th turn, the next member in turn.</summary>
    internal static int Fastest(ReadOnlySpan<Provider> members, long turn, bool streaming)
    {
        if (turn % LatencyExploreEvery == LatencyExploreEvery - 1)
        {
            return (int)(turn / LatencyExploreEvery % members.Length);
        }
        var best = 0;
        for (var i = 1; i < members.Length; i++)
        {
            if (members[i].Load.LatencyFor(streaming) < members[best].Load.LatencyFor(streaming))
            {
                best = i;
            }
        }
        return best;
    }
}
