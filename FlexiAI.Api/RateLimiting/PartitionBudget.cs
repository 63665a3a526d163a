namespace FlexiAI.Api.RateLimiting;

/// <summary>
/// One replica's share of one caller's limit (requests or tokens): permits leased from Redis and not used yet, tokens
/// used beyond them and not yet charged to Redis, and a refusal Redis gave. Requests are decided here, under a lock
/// that no I/O ever holds; Redis is asked only to lease the next slice, by one refill at a time.
/// </summary>
internal sealed class PartitionBudget
{
    private readonly Lock _gate = new();
    private long _window = long.MinValue;
    private long _available;
    private long _debt;
    private long _deniedUntilMs;
    private TaskCompletionSource<bool>? _refill;

    /// <summary>When a request last used this budget (Unix ms): idle budgets are evicted.</summary>
    public long LastUsedMs { get; private set; }

    public bool Refilling
    {
        get
        {
            lock (_gate)
            {
                return _refill is not null;
            }
        }
    }

    /// <summary>Admits a request from the leased budget: takes one permit when <paramref name="consume"/>, else only checks that some is left.</summary>
    public BudgetOutcome TryAdmit(long window, long nowMs, bool consume, long lease, out long deniedUntilMs)
    {
        lock (_gate)
        {
            LastUsedMs = nowMs;
            Roll(window, lease);
            deniedUntilMs = _deniedUntilMs;
            if (_available > 0)
            {
                if (consume)
                {
                    _available--;
                }
                return NeedsRefill(nowMs, lease) ? BudgetOutcome.AllowedRefill : BudgetOutcome.Allowed;
            }
            return _deniedUntilMs > nowMs ? BudgetOutcome.Denied : BudgetOutcome.NeedLease;
        }
    }

    /// <summary>Charges tokens an answer used; true when a refill should start (budget low, or tokens owed to Redis).</summary>
    public bool Charge(long window, long nowMs, long tokens, long lease)
    {
        lock (_gate)
        {
            LastUsedMs = nowMs;
            Roll(window, lease);
            _available -= tokens;
            if (_available < 0)
            {
                _debt -= _available;
                _available = 0;
            }
            return _refill is null && (_debt > 0 || NeedsRefill(nowMs, lease));
        }
    }

    /// <summary>
    /// Joins the refill in flight, or starts one: then <paramref name="debt"/> is what it must charge and the caller
    /// must run it and call <see cref="CompleteRefill"/>. The task says whether Redis answered.
    /// </summary>
    public Task<bool> BeginRefill(out bool started, out long debt)
    {
        lock (_gate)
        {
            if (_refill is not null)
            {
                started = false;
                debt = 0;
                return _refill.Task;
            }
            _refill = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
            started = true;
            debt = _debt;
            _debt = 0;
            return _refill.Task;
        }
    }

    /// <summary>Applies a refill's answer: <paramref name="granted"/> permits more; a refusal until <paramref name="deniedUntilMs"/>.</summary>
    /// <returns>True when tokens were owed meanwhile and another refill should charge them.</returns>
    public bool CompleteRefill(bool answered, long window, long granted, long deniedUntilMs, long unchargedDebt)
    {
        TaskCompletionSource<bool> refill;
        bool again;
        lock (_gate)
        {
            refill = _refill!;
            _refill = null;
            if (answered)
            {
                if (window >= _window)
                {
                    _window = window;
                    _available += granted;
                }
                _deniedUntilMs = deniedUntilMs;
            }
            else
            {
                _debt += unchargedDebt;
            }
            again = answered && _debt > 0;
        }
        refill.SetResult(answered);
        return again;
    }

    /// <summary>
    /// A new window: at most one lease of unused permits carries over (they were counted in the window they were leased
    /// in, which still weighs on the sliding estimate); tokens owed for longer than a window are forgiven.
    /// </summary>
    private void Roll(long window, long lease)
    {
        if (window <= _window)
        {
            return;
        }
        if (_window != long.MinValue && window - _window == 1)
        {
            _available = Math.Min(_available, lease);
        }
        else
        {
            _available = 0;
            _debt = 0;
        }
        _window = window;
    }

    private bool NeedsRefill(long nowMs, long lease) =>
        _refill is null && _available <= lease / 2 && _deniedUntilMs <= nowMs;
}
