using FlexiAI.Api.RateLimiting;

namespace FlexiAI.Tests.RateLimiting;

/// <summary>A replica's local budget: admits from leases, asks for the next one early, owes tokens, forgets old windows.</summary>
public sealed class PartitionBudgetTests
{
    private const long Lease = 10;

    [Fact]
    public void Without_a_lease_a_request_needs_one()
    {
        var budget = new PartitionBudget();

        Assert.Equal(BudgetOutcome.NeedLease, budget.TryAdmit(window: 1, nowMs: 0, consume: true, Lease, out long _));
    }

    [Fact]
    public void A_lease_admits_its_size_and_asks_for_the_next_at_half()
    {
        var budget = Leased(window: 1, Lease);
        var outcomes = Enumerable.Range(0, 11).Select(_ => budget.TryAdmit(1, 0, consume: true, Lease, out long _)).ToList();

        Assert.Equal(Enumerable.Repeat(BudgetOutcome.Allowed, 4), outcomes.Take(4));
        Assert.Equal(Enumerable.Repeat(BudgetOutcome.AllowedRefill, 6), outcomes.Skip(4).Take(6)); // half a lease left, no refill yet
        Assert.Equal(BudgetOutcome.NeedLease, outcomes[10]);
    }

    [Fact]
    public void A_refusal_from_redis_is_kept_until_a_permit_can_have_freed()
    {
        var budget = new PartitionBudget();
        budget.BeginRefill(out _, out long _);
        budget.CompleteRefill(answered: true, window: 1, granted: 0, deniedUntilMs: 500, unchargedDebt: 0);

        Assert.Equal(BudgetOutcome.Denied, budget.TryAdmit(1, 499, consume: true, Lease, out var until));
        Assert.Equal(500, until);
        Assert.Equal(BudgetOutcome.NeedLease, budget.TryAdmit(1, 500, consume: true, Lease, out long _));
    }

    [Fact]
    public void Tokens_beyond_the_lease_are_owed_and_charged_by_the_next_refill()
    {
        var budget = Leased(window: 1, Lease);

        Assert.True(budget.Charge(1, 0, tokens: 25, Lease));
        budget.BeginRefill(out var started, out var debt);

        Assert.True(started);
        Assert.Equal(15, debt);
        Assert.Equal(BudgetOutcome.NeedLease, budget.TryAdmit(1, 0, consume: false, Lease, out long _));
    }

    [Fact]
    public void Debt_that_redis_did_not_take_is_kept_for_the_next_refill()
    {
        var budget = Leased(window: 1, Lease);
        budget.Charge(1, 0, tokens: 25, Lease);
        budget.BeginRefill(out _, out var debt);
        budget.CompleteRefill(answered: false, window: 1, granted: 0, deniedUntilMs: 0, unchargedDebt: debt);
        budget.BeginRefill(out _, out var again);

        Assert.Equal(15, again);
    }

    [Fact]
    public void One_lease_at_most_carries_into_the_next_window_and_nothing_further()
    {
        var budget = Leased(window: 1, 3 * Lease);
        Assert.Equal(BudgetOutcome.Allowed, budget.TryAdmit(2, 0, consume: true, Lease, out long _));
        var admitted = 1 + Enumerable.Range(0, 20).Count(_ => budget.TryAdmit(2, 0, consume: true, Lease, out long _) is BudgetOutcome.Allowed or BudgetOutcome.AllowedRefill);
        Assert.Equal(Lease, admitted);

        var stale = Leased(window: 1, Lease);
        Assert.Equal(BudgetOutcome.NeedLease, stale.TryAdmit(3, 0, consume: true, Lease, out long _));
    }

    [Fact]
    public async Task Only_one_refill_runs_at_a_time()
    {
        var budget = new PartitionBudget();
        var first = budget.BeginRefill(out var started, out long _);
        var second = budget.BeginRefill(out var startedAgain, out long _);

        Assert.True(started);
        Assert.False(startedAgain);
        Assert.Same(first, second);
        budget.CompleteRefill(answered: true, window: 1, granted: 1, deniedUntilMs: 0, unchargedDebt: 0);
        Assert.True(first.IsCompleted);
        Assert.True(await first);
    }

    [Theory]
    [InlineData(100, 100, 0, 30_000, 30_000 + 600)]   // full this window: next window, once 1% of it has passed
    [InlineData(100, 50, 100, 0, 30_600)]              // previous window still weighs: 51% of it must fade
    [InlineData(100, 100, 0, 59_999, 601)]
    public void Time_until_a_permit_frees(long limit, long current, long previous, long elapsed, long expected) =>
        Assert.Equal(expected, SlidingWindowEstimate.MillisecondsUntilFree(limit, current, previous, elapsed, 60_000));

    private static PartitionBudget Leased(long window, long granted)
    {
        var budget = new PartitionBudget();
        budget.BeginRefill(out _, out long _);
        budget.CompleteRefill(answered: true, window, granted, deniedUntilMs: 0, unchargedDebt: 0);
        return budget;
    }
}
