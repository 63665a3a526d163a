using FlexiAI.Breakers;
using FlexiAI.Options;
using Microsoft.Extensions.Time.Testing;

namespace FlexiAI.Tests.Breakers;

/// <summary>
/// Every breaker transition, driven by <see cref="FakeTimeProvider"/>. The same contract runs against every store:
/// in memory, and the Redis store on a real redis-server and on the embedded Garnet server.
/// </summary>
public abstract class BreakerStoreContract : IAsyncDisposable
{
    private const string Provider = "p1";
    private static readonly TimeSpan LeaseDuration = TimeSpan.FromSeconds(35);
    private readonly List<IAsyncDisposable> _owned = [];
    private readonly CancellationToken _ct = TestContext.Current.CancellationToken;

    protected FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 11, 26, 12, 0, 0, TimeSpan.Zero));

    /// <summary>A fresh store (its own keys) with these breaker settings, ready to use.</summary>
    protected abstract Task<IBreakerStateStore> CreateStoreAsync(FlexiAIOptions options, ICollection<IAsyncDisposable> owned);

    private Task<IBreakerStateStore> CreateStore(int threshold = 3, int recoverySeconds = 60, int halfOpenMaxCalls = 1,
        bool openOnAuthFailure = true, int authRecoverySeconds = 300) =>
        CreateStoreAsync(new FlexiAIOptions
        {
            Providers = [new ProviderOptions { Name = Provider, Model = "m", Endpoint = new Uri("http://localhost/") }],
            CircuitBreaker = new CircuitBreakerOptions
            {
                FailureThreshold = threshold,
                RecoveryTimeout = TimeSpan.FromSeconds(recoverySeconds),
                HalfOpenMaxCalls = halfOpenMaxCalls,
                OpenOnAuthFailure = openOnAuthFailure,
                AuthFailureRecoveryTimeout = TimeSpan.FromSeconds(authRecoverySeconds),
            },
        }, _owned);

    private static BreakerFailure AuthFailure() => new("HTTP 401 " + BreakerFaults.CredentialsRejected, CredentialsRejected: true);

    public async ValueTask DisposeAsync()
    {
        foreach (var owned in _owned)
        {
            await owned.DisposeAsync();
        }
        GC.SuppressFinalize(this);
    }

    private static BreakerFailure Failure(string text = "HTTP 500", TimeSpan? retryAfter = null) => new(text, retryAfter);

    [Fact]
    public async Task Starts_closed_with_no_failures()
    {
        var state = (await CreateStore()).GetState(Provider);
        Assert.Equal(CircuitState.Closed, state.State);
        Assert.Equal(0, state.ConsecutiveFailures);
        Assert.True(state.AllowsTraffic);
    }

    [Fact]
    public async Task Stays_closed_below_threshold_and_counts_failures()
    {
        var store = await CreateStore(threshold: 3);
        await store.RecordFailureAsync(Provider, Failure(), _ct);
        var state = await store.RecordFailureAsync(Provider, Failure("timeout"), _ct);
        Assert.Equal(CircuitState.Closed, state.State);
        Assert.Equal(2, state.ConsecutiveFailures);
        Assert.Equal("timeout", state.LastError);
        Assert.Equal(Time.GetUtcNow(), state.LastFailureTime);
    }

    [Fact]
    public async Task Opens_after_threshold_failures_in_a_row()
    {
        var store = await CreateStore(threshold: 3, recoverySeconds: 60);
        for (var i = 0; i < 3; i++)
        {
            await store.RecordFailureAsync(Provider, Failure(), _ct);
        }
        var state = store.GetState(Provider);
        Assert.Equal(CircuitState.Open, state.State);
        Assert.Equal(Time.GetUtcNow(), state.OpenedAt);
        Assert.Equal(Time.GetUtcNow().AddSeconds(60), state.RetryAt);
        Assert.False(state.AllowsTraffic);
        Assert.True(state.Epoch > 0);
    }

    [Fact]
    public async Task A_success_resets_the_count_of_failures_in_a_row()
    {
        var store = await CreateStore(threshold: 3);
        await store.RecordFailureAsync(Provider, Failure(), _ct);
        await store.RecordFailureAsync(Provider, Failure(), _ct);
        await store.RecordSuccessAsync(Provider, _ct);
        await store.RecordFailureAsync(Provider, Failure(), _ct);
        var state = store.GetState(Provider);
        Assert.Equal(CircuitState.Closed, state.State);
        Assert.Equal(1, state.ConsecutiveFailures);
    }

    [Fact]
    public async Task Open_turns_half_open_after_the_recovery_timeout()
    {
        var store = await CreateStore(threshold: 1, recoverySeconds: 60);
        await store.RecordFailureAsync(Provider, Failure(), _ct);
        Time.Advance(TimeSpan.FromSeconds(59));
        Assert.Equal(CircuitState.Open, store.GetState(Provider).EffectiveState(Time.GetUtcNow()));
        Assert.Null(await store.TryAcquireProbeAsync(Provider, LeaseDuration, _ct));

        Time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(CircuitState.HalfOpen, store.GetState(Provider).EffectiveState(Time.GetUtcNow()));
    }

    [Fact]
    public async Task Half_open_admits_at_most_HalfOpenMaxCalls_probes()
    {
        var store = await CreateStore(threshold: 1, recoverySeconds: 10, halfOpenMaxCalls: 2);
        await store.RecordFailureAsync(Provider, Failure(), _ct);
        Time.Advance(TimeSpan.FromSeconds(10));

        var first = await store.TryAcquireProbeAsync(Provider, LeaseDuration, _ct);
        var second = await store.TryAcquireProbeAsync(Provider, LeaseDuration, _ct);
        var third = await store.TryAcquireProbeAsync(Provider, LeaseDuration, _ct);

        Assert.NotNull(first);
        Assert.NotNull(second);
        Assert.Null(third);
        Assert.Equal(CircuitState.HalfOpen, store.GetState(Provider).State);
    }

    [Fact]
    public async Task Probe_success_closes_the_breaker()
    {
        var store = await CreateStore(threshold: 1, recoverySeconds: 10);
        await store.RecordFailureAsync(Provider, Failure(), _ct);
        Time.Advance(TimeSpan.FromSeconds(10));
        var lease = await store.TryAcquireProbeAsync(Provider, LeaseDuration, _ct);

        var state = await store.CompleteProbeAsync(lease!, null, _ct);

        Assert.Equal(CircuitState.Closed, state.State);
        Assert.Equal(0, state.ConsecutiveFailures);
        Assert.Null(state.RetryAt);
    }

    [Fact]
    public async Task Probe_failure_reopens_for_another_recovery_period()
    {
        var store = await CreateStore(threshold: 1, recoverySeconds: 10);
        await store.RecordFailureAsync(Provider, Failure(), _ct);
        Time.Advance(TimeSpan.FromSeconds(10));
        var lease = await store.TryAcquireProbeAsync(Provider, LeaseDuration, _ct);

        var state = await store.CompleteProbeAsync(lease!, Failure("HTTP 503"), _ct);

        Assert.Equal(CircuitState.Open, state.State);
        Assert.Equal(Time.GetUtcNow().AddSeconds(10), state.RetryAt);
        Assert.Equal("HTTP 503", state.LastError);
        Assert.Null(await store.TryAcquireProbeAsync(Provider, LeaseDuration, _ct));
    }

    [Fact]
    public async Task An_expired_probe_lease_frees_its_slot()
    {
        var store = await CreateStore(threshold: 1, recoverySeconds: 10);
        await store.RecordFailureAsync(Provider, Failure(), _ct);
        Time.Advance(TimeSpan.FromSeconds(10));
        var abandoned = await store.TryAcquireProbeAsync(Provider, LeaseDuration, _ct);
        Assert.NotNull(abandoned);
        Assert.Null(await store.TryAcquireProbeAsync(Provider, LeaseDuration, _ct));

        Time.Advance(LeaseDuration);
        var next = await store.TryAcquireProbeAsync(Provider, LeaseDuration, _ct);

        Assert.NotNull(next);
        // The abandoned probe, reporting late, decides nothing.
        var late = await store.CompleteProbeAsync(abandoned!, Failure(), _ct);
        Assert.Equal(CircuitState.HalfOpen, late.State);
    }

    [Fact]
    public async Task Retry_after_longer_than_recovery_keeps_the_breaker_open_that_long()
    {
        var store = await CreateStore(threshold: 1, recoverySeconds: 10);
        var state = await store.RecordFailureAsync(Provider, Failure("HTTP 429", TimeSpan.FromSeconds(120)), _ct);
        Assert.Equal(Time.GetUtcNow().AddSeconds(120), state.RetryAt);

        Time.Advance(TimeSpan.FromSeconds(60));
        Assert.Equal(CircuitState.Open, store.GetState(Provider).EffectiveState(Time.GetUtcNow()));
    }

    [Fact]
    public async Task A_late_failure_while_open_extends_by_its_retry_after_only()
    {
        var store = await CreateStore(threshold: 1, recoverySeconds: 30);
        var opened = await store.RecordFailureAsync(Provider, Failure(), _ct);
        Time.Advance(TimeSpan.FromSeconds(5));

        var plain = await store.RecordFailureAsync(Provider, Failure("late"), _ct);
        Assert.Equal(opened.RetryAt, plain.RetryAt);
        Assert.Equal(CircuitState.Open, plain.State);

        var limited = await store.RecordFailureAsync(Provider, Failure("HTTP 429", TimeSpan.FromSeconds(90)), _ct);
        Assert.Equal(Time.GetUtcNow().AddSeconds(90), limited.RetryAt);
    }

    [Fact]
    public async Task Reset_closes_and_force_open_opens_with_higher_epochs()
    {
        var store = await CreateStore(threshold: 5, recoverySeconds: 60);
        var opened = await store.ForceOpenAsync(Provider, "opened by an administrator", _ct);
        Assert.Equal(CircuitState.Open, opened.State);
        Assert.Equal(Time.GetUtcNow().AddSeconds(60), opened.RetryAt);

        var reset = await store.ResetAsync(Provider, _ct);
        Assert.Equal(CircuitState.Closed, reset.State);
        Assert.True(reset.Epoch > opened.Epoch);
    }

    [Fact]
    public async Task Transitions_are_announced_with_previous_and_current_state()
    {
        var store = await CreateStore(threshold: 2);
        var changes = new List<(CircuitState From, CircuitState To)>();
        store.StateChanged += (_, e) => changes.Add((e.Previous.State, e.Current.State));

        await store.RecordFailureAsync(Provider, Failure(), _ct);
        await store.RecordFailureAsync(Provider, Failure(), _ct);
        Time.Advance(TimeSpan.FromSeconds(60));
        var lease = await store.TryAcquireProbeAsync(Provider, LeaseDuration, _ct);
        await store.CompleteProbeAsync(lease!, null, _ct);

        Assert.Equal(
            [(CircuitState.Closed, CircuitState.Closed), (CircuitState.Closed, CircuitState.Open),
             (CircuitState.Open, CircuitState.HalfOpen), (CircuitState.HalfOpen, CircuitState.Closed)],
            changes);
    }

    [Fact]
    public async Task A_rejected_key_opens_at_once_for_the_auth_recovery_timeout()
    {
        var store = await CreateStore(threshold: 3, recoverySeconds: 60, authRecoverySeconds: 300);

        var state = await store.RecordFailureAsync(Provider, AuthFailure(), _ct);

        Assert.Equal(CircuitState.Open, state.State);
        Assert.Equal(1, state.ConsecutiveFailures);
        Assert.Equal(Time.GetUtcNow().AddSeconds(300), state.RetryAt);
        Assert.Equal(BreakerFaults.Auth, BreakerFaults.TypeOf(state.LastError));
        Assert.Equal(CircuitState.Open, store.GetState(Provider).State);
    }

    [Fact]
    public async Task A_rejected_key_counts_like_any_failure_without_open_on_auth_failure()
    {
        var store = await CreateStore(threshold: 3, recoverySeconds: 60, openOnAuthFailure: false);

        await store.RecordFailureAsync(Provider, AuthFailure(), _ct);
        var second = await store.RecordFailureAsync(Provider, AuthFailure(), _ct);
        Assert.Equal(CircuitState.Closed, second.State);
        Assert.Equal(2, second.ConsecutiveFailures);

        var third = await store.RecordFailureAsync(Provider, AuthFailure(), _ct);
        Assert.Equal(CircuitState.Open, third.State);
        Assert.Equal(Time.GetUtcNow().AddSeconds(60), third.RetryAt);
    }

    [Fact]
    public async Task A_probe_that_finds_the_key_still_rejected_reopens_for_the_auth_recovery_timeout()
    {
        var store = await CreateStore(threshold: 3, recoverySeconds: 60, authRecoverySeconds: 120);
        await store.RecordFailureAsync(Provider, AuthFailure(), _ct);
        Time.Advance(TimeSpan.FromSeconds(120));

        var lease = await store.TryAcquireProbeAsync(Provider, LeaseDuration, _ct);
        Assert.NotNull(lease);
        var state = await store.CompleteProbeAsync(lease, AuthFailure(), _ct);

        Assert.Equal(CircuitState.Open, state.State);
        Assert.Equal(Time.GetUtcNow().AddSeconds(120), state.RetryAt);
    }
}
