namespace FlexiAI.Redis;

/// <summary>
/// The breaker's rules (<see cref="Breakers.BreakerTransitions"/>) as Lua, so each change is one atomic step in Redis:
/// concurrent replicas cannot both win a transition, and failures are counted once for the whole cluster.
/// </summary>
/// <remarks>
/// Every script reads the breaker hash (KEYS[1]) and returns the resulting state as
/// <c>{state, failures, epoch, last_failure_ms, opened_at_ms, retry_at_ms, last_error, changed, granted}</c>.
/// Times come from the caller's <see cref="TimeProvider"/> (ARGV), not from Redis, so tests can drive them.
/// Numbers are written with <c>string.format('%.0f')</c>: Redis's Lua 5.1 would print large numbers in exponent form,
/// and Garnet's Lua 5.4 prints them as integers; both read the strings back the same way.
/// KEYS[2] (where used) is the sorted set of probe leases: member = lease id, score = expiry in ms.
/// All keys of a deployment share one hash tag, so the scripts run unchanged on Redis Cluster.
/// </remarks>
internal static class RedisBreakerScripts
{
    private const string Read = """
        local h = redis.call('HMGET', KEYS[1], 's', 'f', 'e', 'lf', 'oa', 'ra', 'le')
        local s = tonumber(h[1]) or 0
        local f = tonumber(h[2]) or 0
        local e = tonumber(h[3]) or 0
        local lf, oa, ra, le = h[4] or '', h[5] or '', h[6] or '', h[7] or ''
        local changed, granted = 0, 0
        local function num(x) return string.format('%.0f', x) end
        local function bump(now) e = math.max(e + 1, tonumber(now) * 1000); changed = 1 end
        local function save(ttl)
          redis.call('HSET', KEYS[1], 's', num(s), 'f', num(f), 'e', num(e), 'lf', lf, 'oa', oa, 'ra', ra, 'le', le)
          redis.call('PEXPIRE', KEYS[1], ttl)
        end
        local function result() return {num(s), num(f), num(e), lf, oa, ra, le, num(changed), num(granted)} end

        """;

    /// <summary>ARGV: now, threshold, open_until, retry_after_until ('' if none), description, ttl.</summary>
    public const string RecordFailure = Read + """
        if s == 0 then
          f = f + 1
          if f >= tonumber(ARGV[2]) then s = 2; oa = ARGV[1]; ra = ARGV[3] end
        elseif ARGV[4] ~= '' and (ra == '' or tonumber(ARGV[4]) > tonumber(ra)) then
          ra = ARGV[4]
        end
        lf = ARGV[1]; le = ARGV[5]
        bump(ARGV[1]); save(ARGV[6])
        return result()
        """;

    /// <summary>ARGV: now, ttl. Clears the failure count of a closed breaker; changes nothing otherwise.</summary>
    public const string RecordSuccess = Read + """
        if s == 0 and f > 0 then
          f = 0
          bump(ARGV[1]); save(ARGV[2])
        end
        return result()
        """;

    /// <summary>ARGV: now, max probes, lease expiry, lease id, ttl. KEYS[2]: leases.</summary>
    public const string TryAcquireProbe = Read + """
        local now = tonumber(ARGV[1])
        if s == 1 or (s == 2 and ra ~= '' and now >= tonumber(ra)) then
          redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', ARGV[1])
          if redis.call('ZCARD', KEYS[2]) < tonumber(ARGV[2]) then
            redis.call('ZADD', KEYS[2], ARGV[3], ARGV[4])
            redis.call('PEXPIRE', KEYS[2], ARGV[5])
            granted = 1
            if s ~= 1 then s = 1; bump(ARGV[1]); save(ARGV[5]) end
          end
        end
        return result()
        """;

    /// <summary>
    /// ARGV: lease id, success ('1' or '0'), now, open_until, description, ttl. KEYS[2]: leases.
    /// A lease that is gone (expired and replaced, or cleared by an admin) decides nothing.
    /// </summary>
    public const string CompleteProbe = Read + """
        local removed = redis.call('ZREM', KEYS[2], ARGV[1])
        if removed == 0 or s ~= 1 then return result() end
        if ARGV[2] == '1' then
          s = 0; f = 0; ra = ''
        else
          s = 2; oa = ARGV[3]; ra = ARGV[4]; lf = ARGV[3]; le = ARGV[5]
        end
        redis.call('DEL', KEYS[2])
        bump(ARGV[3]); save(ARGV[6])
        return result()
        """;

    /// <summary>ARGV: now, ttl. KEYS[2]: leases.</summary>
    public const string Reset = Read + """
        s = 0; f = 0; ra = ''
        redis.call('DEL', KEYS[2])
        bump(ARGV[1]); save(ARGV[2])
        return result()
        """;

    /// <summary>ARGV: now, open_until, description, ttl. KEYS[2]: leases.</summary>
    public const string ForceOpen = Read + """
        s = 2; oa = ARGV[1]; ra = ARGV[2]; lf = ARGV[1]; le = ARGV[3]
        redis.call('DEL', KEYS[2])
        bump(ARGV[1]); save(ARGV[4])
        return result()
        """;

    /// <summary>
    /// After an outage: a breaker this replica opened while it could not reach Redis stays open for the cluster.
    /// ARGV: now, failures, last_failure, opened_at, retry_at, description, ttl, epoch read. Only strengthens: an open
    /// breaker with a later retry time is left as it is. Only against the state the merge read (granted = 1): if the
    /// epoch moved since (an operator's reset, another replica's change), nothing is written and the caller merges
    /// again from a fresh read, so a reset made meanwhile is not undone.
    /// </summary>
    public const string AdoptOpen = Read + """
        if e == tonumber(ARGV[8]) then
          granted = 1
          if s ~= 2 or ra == '' or tonumber(ARGV[5]) > tonumber(ra) then
            s = 2; f = math.max(f, tonumber(ARGV[2])); lf = ARGV[3]; oa = ARGV[4]; ra = ARGV[5]; le = ARGV[6]
            bump(ARGV[1]); save(ARGV[7])
          end
        end
        return result()
        """;

    /// <summary>
    /// Writes a replica's state back into a Redis that lost it (restarted without persistence, or flushed): only when
    /// the stored epoch is lower. ARGV: state, failures, epoch, last_failure, opened_at, retry_at, description, ttl.
    /// </summary>
    public const string Seed = Read + """
        if tonumber(ARGV[3]) > e then
          s = tonumber(ARGV[1]); f = tonumber(ARGV[2]); e = tonumber(ARGV[3])
          lf = ARGV[4]; oa = ARGV[5]; ra = ARGV[6]; le = ARGV[7]
          changed = 1
          save(ARGV[8])
        end
        return result()
        """;
}
