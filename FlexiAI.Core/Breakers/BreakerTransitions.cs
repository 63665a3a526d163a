using FlexiAI.Options;

namespace FlexiAI.Breakers;

/// <summary>
/// The breaker's rules as pure functions of (state, event, time). Every store applies these and nothing else, so
/// the in-memory store, the Redis store and a replica's local fallback cannot disagree on what a failure means.
/// </summary>
public static class BreakerTransitions
{
    /// <summary>A counted failure outside a probe.</summary>
    public static BreakerState OnFailure(BreakerState current, BreakerFailure failure, DateTimeOffset now, CircuitBreakerOptions options)
    {
        switch (current.State)
        {
            case CircuitState.Closed:
                var failures = current.ConsecutiveFailures + 1;
                return failures >= FailureThreshold(failure, options)
                    ? Open(current, failure, now, options) with { ConsecutiveFailures = failures }
                    : current with { ConsecutiveFailures = failures, LastFailureTime = now, LastError = failure.Description, Epoch = NextEpoch(current, now) };

            default:
                // A request that was already in flight when the breaker opened: keep the newest error, and honour a
                // longer Retry-After, but do not restart the recovery clock (the breaker is already open).
                var retryAt = current.RetryAt;
                if (failure.RetryAfter is { } retryAfter && (retryAt is null || now + retryAfter > retryAt))
                {
                    retryAt = now + retryAfter;
                }
                return current with { LastFailureTime = now, LastError = failure.Description, RetryAt = retryAt, Epoch = NextEpoch(current, now) };
        }
    }

    /// <summary>A success outside a probe: "failures in a row" starts again. Returns the same instance when nothing changes.</summary>
    public static BreakerState OnSuccess(BreakerState current, DateTimeOffset now) =>
        current.State == CircuitState.Closed && current.ConsecutiveFailures > 0
            ? current with { ConsecutiveFailures = 0, Epoch = NextEpoch(current, now) }
            : current;

    /// <summary>A probe was admitted: the breaker is now HALF_OPEN for everyone.</summary>
    public static BreakerState OnProbeStarted(BreakerState current, DateTimeOffset now) =>
        current.State == CircuitState.HalfOpen ? current : current with { State = CircuitState.HalfOpen, Epoch = NextEpoch(current, now) };

    /// <summary>The probe's outcome: success closes, failure reopens for another recovery period.</summary>
    public static BreakerState OnProbeCompleted(BreakerState current, BreakerFailure? failure, DateTimeOffset now, CircuitBreakerOptions options) =>
        failure is { } f ? Open(current, f, now, options) : Close(current, now);

    public static BreakerState Close(BreakerState current, DateTimeOffset now) =>
        new(CircuitState.Closed, 0, NextEpoch(current, now), current.LastFailureTime, current.OpenedAt, null, current.LastError);

    /// <summary>
    /// Opens (or reopens) the breaker; it stays open for <see cref="OpenDuration"/>: the recovery timeout (the auth
    /// failure recovery timeout for a rejected key) or the provider's Retry-After, whichever is longer.
    /// </summary>
    public static BreakerState Open(BreakerState current, BreakerFailure failure, DateTimeOffset now, CircuitBreakerOptions options) =>
        new(CircuitState.Open, current.ConsecutiveFailures, NextEpoch(current, now), now, now, now + OpenDuration(failure, options), failure.Description);

    /// <summary>Counted failures in a row that open a CLOSED breaker: one for a rejected key with <c>OpenOnAuthFailure</c>, else the threshold.</summary>
    public static int FailureThreshold(BreakerFailure failure, CircuitBreakerOptions options) =>
        failure.CredentialsRejected && options.OpenOnAuthFailure ? 1 : options.FailureThreshold;

    /// <summary>How long <paramref name="failure"/> keeps a breaker open once it opens it.</summary>
    public static TimeSpan OpenDuration(BreakerFailure failure, CircuitBreakerOptions options)
    {
        var wait = failure.CredentialsRejected && options.OpenOnAuthFailure ? options.AuthFailureRecoveryTimeout : options.RecoveryTimeout;
        return failure.RetryAfter is { } retryAfter && retryAfter > wait ? retryAfter : wait;
    }

    /// <summary>
    /// The epoch of the next change: one more than the last, and never less than the time in microseconds. Tied to
    /// time so that epochs keep increasing even when Redis loses its data and a key starts again from nothing; the
    /// Redis scripts compute the same value.
    /// </summary>
    public static long NextEpoch(BreakerState current, DateTimeOffset now) =>
        Math.Max(current.Epoch + 1, now.ToUnixTimeMilliseconds() * 1000);

    /// <summary>May a probe be admitted now (given the number of unexpired probe leases)?</summary>
    public static bool CanProbe(BreakerState current, int activeProbes, DateTimeOffset now, CircuitBreakerOptions options) =>
        current.EffectiveState(now) == CircuitState.HalfOpen && activeProbes < options.HalfOpenMaxCalls;
}
