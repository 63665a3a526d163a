namespace FlexiAI.Api.RateLimiting;

/// <summary>
/// The one Redis script of the rate limits: charges the tokens a replica owes, then leases it the next slice of a
/// caller's limit if the sliding-window estimate leaves room. Near the limit a lease shrinks to a share of what is
/// left (<c>free / (2 x replicas)</c>), so the last permits are spread over the replicas instead of stranded on one.
/// </summary>
internal static class BudgetLeaseScript
{
    /// <summary>
    /// KEYS: current window, previous window (one hash tag). ARGV: limit, wanted lease, debt, elapsed ms in the window,
    /// window ms, live replicas. Returns {granted, current window's count, previous window's count}.
    /// </summary>
    public const string Text = """
        local window = tonumber(ARGV[5])
        local current = tonumber(redis.call('GET', KEYS[1]) or '0')
        local previous = tonumber(redis.call('GET', KEYS[2]) or '0')
        local debt = tonumber(ARGV[3])
        if debt > 0 then
          current = redis.call('INCRBY', KEYS[1], debt)
          redis.call('PEXPIRE', KEYS[1], window * 2)
        end
        local free = math.floor(tonumber(ARGV[1]) - (previous * (window - tonumber(ARGV[4])) / window + current))
        local grant = 0
        if free > 0 then
          grant = math.min(tonumber(ARGV[2]), math.max(1, math.floor(free / (2 * tonumber(ARGV[6])))))
          current = redis.call('INCRBY', KEYS[1], grant)
          redis.call('PEXPIRE', KEYS[1], window * 2)
        end
        return {grant, current, previous}
        """;
}
