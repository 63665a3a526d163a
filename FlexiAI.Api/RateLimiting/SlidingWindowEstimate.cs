namespace FlexiAI.Api.RateLimiting;

/// <summary>
/// The sliding window the limits use, estimated from two fixed windows: the previous window's count weighted by how
/// much of it still overlaps the last <c>window</c>, plus the current window's count.
/// </summary>
internal static class SlidingWindowEstimate
{
    /// <summary>
    /// How long until one more permit fits, if nobody takes any meanwhile: a lower bound, so a replica may refuse on its
    /// own until then without refusing anything the cluster would admit.
    /// </summary>
    public static long MillisecondsUntilFree(long limit, long current, long previous, long elapsedMs, long windowMs)
    {
        if (current + 1 <= limit && previous > 0)
        {
            // previous * (window - e) / window + current + 1 <= limit, in whole milliseconds rounded up.
            var at = CeilingDivide(windowMs * (previous - (limit - 1 - current)), previous);
            return Math.Max(1, at - elapsedMs);
        }
        // Not within this window: in the next one, this window's count is the weighted previous.
        var untilNext = windowMs - elapsedMs;
        return current <= limit - 1 ? untilNext : untilNext + CeilingDivide(windowMs * (current - (limit - 1)), current);
    }

    private static long CeilingDivide(long dividend, long divisor) => Math.Max(0, (dividend + divisor - 1) / divisor);
}
