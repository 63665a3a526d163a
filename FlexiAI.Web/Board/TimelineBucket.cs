namespace FlexiAI.Web.Board;

/// <summary>Calls to a provider that ended in [<see cref="Start"/>, Start + bucket size), summed over the replicas.</summary>
public sealed record TimelineBucket(DateTimeOffset Start, long Success, long Failure);
