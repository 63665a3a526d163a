namespace FlexiAI.Api.RateLimiting;

/// <summary>What a replica's local budget says about one request, without asking Redis.</summary>
internal enum BudgetOutcome
{
    /// <summary>Admitted from the leased budget.</summary>
    Allowed,

    /// <summary>Admitted, and the budget runs low: lease the next slice in the background.</summary>
    AllowedRefill,

    /// <summary>Refused: Redis said the limit was reached, and no permit can have freed up since.</summary>
    Denied,

    /// <summary>No budget left here and no refusal known: a lease must be taken before deciding.</summary>
    NeedLease,
}
