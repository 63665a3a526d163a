using System.Threading.RateLimiting;

namespace FlexiAI.Api.RateLimiting;

/// <summary>
/// A <see cref="DistributedRateLimiter"/> decision as a <see cref="RateLimitLease"/>. Admissions hand out one shared
/// instance (nothing to give back: permits are leased budgets, not held per request); a refusal carries its decision for
/// the 429 (<see cref="RateLimitRejection"/>) and <c>Retry-After</c> as metadata, where standard rate-limiting code reads it.
/// </summary>
internal sealed class DecisionLease : RateLimitLease
{
    public static DecisionLease Admitted { get; } = new(true, RateLimitDecision.Allow(true));

    /// <summary>Not decided at once (a lease from Redis comes first): the middleware then waits on the async acquire.</summary>
    public static DecisionLease Undecided { get; } = new(false, default);

    private static readonly string[] Names = [MetadataName.RetryAfter.Name];

    private DecisionLease(bool acquired, RateLimitDecision decision)
    {
        IsAcquired = acquired;
        Decision = decision;
    }

    public static DecisionLease For(RateLimitDecision decision) => decision.Allowed ? Admitted : new(false, decision);

    public override bool IsAcquired { get; }

    public RateLimitDecision Decision { get; }

    public override IEnumerable<string> MetadataNames => IsAcquired ? [] : Names;

    public override bool TryGetMetadata(string metadataName, out object? metadata)
    {
        metadata = !IsAcquired && metadataName == MetadataName.RetryAfter.Name ? Decision.RetryAfter : null;
        return metadata is not null;
    }
}
