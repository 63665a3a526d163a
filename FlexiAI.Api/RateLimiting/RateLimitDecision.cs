namespace FlexiAI.Api.RateLimiting;

/// <param name="Allowed">The request may go on.</param>
/// <param name="Limit">Which limit refused it ("requests" or "tokens"), when refused.</param>
/// <param name="RetryAfter">When to try again, when refused.</param>
/// <param name="Shared">Decided on the shared (Redis) budget; false when this replica decided on its local share.</param>
public readonly record struct RateLimitDecision(bool Allowed, string? Limit, TimeSpan RetryAfter, bool Shared)
{
    public static RateLimitDecision Allow(bool shared) => new(true, null, TimeSpan.Zero, shared);
}
