using Microsoft.Extensions.Options;

namespace FlexiAI.Simulator.Faults;

/// <summary>Decides whether a fault hits a call, from a random source seeded by <c>Simulator:Seed</c>.</summary>
internal sealed class FaultRoller(IOptions<SimulatorOptions> options)
{
    // System.Random is not thread-safe; calls are short, so one lock around a seeded instance keeps runs
    // with a seed reproducible (in call order) at negligible cost.
    private readonly Random _random = options.Value.Seed is { } seed ? new Random(seed) : new Random();
    private readonly Lock _lock = new();

    public bool Hits(FaultSettings fault)
    {
        if (fault.ErrorRate >= 1.0)
        {
            return true;
        }

        if (fault.ErrorRate <= 0.0)
        {
            return false;
        }

        lock (_lock)
        {
            return _random.NextDouble() < fault.ErrorRate;
        }
    }
}
