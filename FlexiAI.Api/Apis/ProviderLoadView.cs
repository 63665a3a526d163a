using FlexiAI.Providers;

namespace FlexiAI.Api.Apis;

/// <summary>A provider's load as this replica sees it (<c>/providers</c>): what the group strategies decide on.</summary>
/// <param name="Weight">Its <c>Weight</c> (the <c>weighted</c> strategy).</param>
/// <param name="Share">Its part of this replica's successful attempts, 0 to 1.</param>
/// <param name="InFlight">Attempts in flight on this replica (streams until they end): the <c>least-busy</c> strategy.</param>
/// <param name="LatencyMs">Recent time to the whole answer (exponentially weighted), non-streaming requests; null before one.</param>
/// <param name="FirstChunkMs">Recent time to the first chunk (exponentially weighted), streaming requests; null before one.</param>
public sealed record ProviderLoadView(int Weight, double Share, int InFlight, double? LatencyMs, double? FirstChunkMs)
{
    public static ProviderLoadView Create(Provider provider, long successes, long allSuccesses)
    {
        var load = provider.Load;
        return new ProviderLoadView(provider.Options.Weight, allSuccesses == 0 ? 0 : Math.Round((double)successes / allSuccesses, 4), load.InFlight,
            Milliseconds(load.AnswerMilliseconds), Milliseconds(load.FirstChunkMilliseconds));
    }

    private static double? Milliseconds(double value) => value > 0 ? Math.Round(value, 1) : null;
}
