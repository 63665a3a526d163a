namespace FlexiAI.Web.Gateway;

/// <summary>A provider's load as one replica sees it (<c>load</c> of a <c>/providers</c> entry): what the group strategies decide on.</summary>
/// <param name="Weight">Its weight under the <c>weighted</c> strategy.</param>
/// <param name="Share">Its part of the replica's successful calls, 0 to 1.</param>
/// <param name="InFlight">Calls in flight on the replica (streams until they end).</param>
/// <param name="LatencyMs">Recent time to the whole answer, non-streaming calls; null before one.</param>
/// <param name="FirstChunkMs">Recent time to the first chunk, streaming calls; null before one.</param>
public sealed record ProviderLoad(int Weight, double Share, int InFlight, double? LatencyMs, double? FirstChunkMs);
