namespace FlexiAI.Breakers;

/// <summary>A counted failure as the breaker sees it.</summary>
/// <param name="Description">Short, secret-free text (for example "HTTP 500" or "timeout after 30s").</param>
/// <param name="RetryAfter">The provider's Retry-After, if it sent one; the breaker then stays open at least that long.</param>
/// <param name="CredentialsRejected">
/// The provider rejected the gateway's key (401/403): not transient, so with <c>CircuitBreaker:OpenOnAuthFailure</c> it
/// opens the breaker at once, for <c>CircuitBreaker:AuthFailureRecoveryTimeout</c>.
/// </param>
public readonly record struct BreakerFailure(string Description, TimeSpan? RetryAfter = null, bool CredentialsRejected = false);
