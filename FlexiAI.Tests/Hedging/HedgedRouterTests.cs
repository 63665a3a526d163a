using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Net;
using FlexiAI.Breakers;
using FlexiAI.Options;
using FlexiAI.Providers;
using FlexiAI.Routing;
using FlexiAI.Telemetry;
using FlexiAI.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace FlexiAI.Tests.Hedging;

/// <summary>
/// The hedging rules of the router with the clock in the test's hands: attempts are hand-written (each waits until the
/// test answers, fails or cancels it), the hedge delay passes only when the fake clock is advanced.
/// </summary>
public sealed class HedgedRouterTests : IDisposable
{
    private static readonly TimeSpan Delay = TimeSpan.FromMilliseconds(200);
    private static readonly string[] Providers = ["a", "b", "c"];
    private readonly FakeTimeProvider _time = new();
    // Not disposed: disposing a FlexiAI meter while gateway hosts of other tests export FlexiAI metrics from this process
    // can drop the series their exporters merged with it.
#pragma warning disable CA2213
    private readonly IMeterFactory _meters = new ServiceCollection().AddMetrics().BuildServiceProvider().GetRequiredService<IMeterFactory>();
#pragma warning restore CA2213
    private readonly MeterListener _listener = new();
    private readonly ConcurrentDictionary<string, long> _measured = new();
    private readonly InMemoryBreakerStateStore _breakers;
    private readonly FailoverRouter _router;
    private readonly IReadOnlyList<Provider> _route;
    private readonly ScriptedAttempts _attempts = new();

    public HedgedRouterTests()
    {
        var options = new FlexiAIOptions
        {
            Providers = [.. Providers.Select((name, i) => new ProviderOptions
            {
                Name = name, Model = "m", Priority = i, Endpoint = new Uri("http://127.0.0.1:9/v1"), Timeout = TimeSpan.FromSeconds(30),
            })],
        };
        _breakers = new InMemoryBreakerStateStore(Microsoft.Extensions.Options.Options.Create(options), _time);
        _route = new ProviderCatalog(options, new HttpClient()).All;
        _router = new FailoverRouter(_breakers, new ProviderCounters(), _time,
            new FlexiAITelemetry(_meters), NullLogger<FailoverRouter>.Instance);
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Scope == _meters)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            foreach (var tag in tags)
            {
                if (tag.Key == "provider")
                {
                    _measured.AddOrUpdate($"{instrument.Name}{{{tag.Value}}}", value, (_, total) => total + value);
                }
            }
        });
        _listener.Start();
    }

    private long Measured(string series) => _measured.GetValueOrDefault(series);

    private Task<RouteResult<Answer>> Execute(int maxParallel = 2) => ExecuteForCaller(TestContext.Current.CancellationToken, maxParallel);

    private Task<RouteResult<Answer>> ExecuteForCaller(CancellationToken cancellationToken, int maxParallel = 2) =>
        _router.ExecuteAsync(_route, new HedgingOptions { Delay = Delay, MaxParallel = maxParallel }, _attempts.Run, streaming: false, cancellationToken);

    /// <summary>Waits until the first attempt ("a") has run for the delay and the hedge ("b") has started beside it.</summary>
    private async Task<Task<RouteResult<Answer>>> HedgedAsync(Task<RouteResult<Answer>> execution)
    {
        await _attempts.WaitStartedAsync("a");
        _time.Advance(Delay);
        await _attempts.WaitStartedAsync("b");
        return execution;
    }

    [Fact]
    public async Task The_hedge_starts_when_the_delay_has_passed_and_the_first_answer_wins()
    {
        var execution = Execute();
        await _attempts.WaitStartedAsync("a");

        _time.Advance(Delay - TimeSpan.FromMilliseconds(1));
        Assert.False(_attempts.Started("b"));
        _time.Advance(TimeSpan.FromMilliseconds(1));
        await _attempts.WaitStartedAsync("b");
        _attempts.Answer("b");
        var result = await execution;

        Assert.Equal("b", result.Provider.Name);
        Assert.True(result.Hedged);
        Assert.True(result.FellBack);
        Assert.Equal(["a: cancelled (another provider answered first)", "b: ok"], result.Attempts.Select(a => a.ToString()));
        await _attempts.WaitCancelledAsync("a");
        Assert.Equal(0, _breakers.GetState("a").ConsecutiveFailures);
        Assert.Equal(1, Measured("flexiai.hedges{b}"));
        await Eventually.TrueAsync(() => Measured("flexiai.attempts.discarded{a}") == 1, "the discarded attempt is counted");
        Assert.Equal(0, Measured("flexiai.provider.failures{a}"));
    }

    [Fact]
    public async Task An_answer_before_the_delay_starts_no_hedge()
    {
        var execution = Execute();
        await _attempts.WaitStartedAsync("a");
        _attempts.Answer("a");
        var result = await execution;
        _time.Advance(Delay * 10);

        Assert.Equal("a", result.Provider.Name);
        Assert.False(result.Hedged);
        Assert.Single(result.Attempts);
        Assert.False(_attempts.Started("b"));
    }

    [Fact]
    public async Task A_failure_while_hedging_starts_the_next_provider_at_once()
    {
        var execution = await HedgedAsync(Execute());

        _attempts.Fail("b", HttpStatusCode.InternalServerError);
        await _attempts.WaitStartedAsync("c"); // no time passes: failing over does not wait for the delay
        _attempts.Answer("c");
        var result = await execution;

        Assert.Equal("c", result.Provider.Name);
        Assert.Equal(["b: HTTP 500", "a: cancelled (another provider answered first)", "c: ok"], result.Attempts.Select(a => a.ToString()));
        Assert.Equal(1, _breakers.GetState("b").ConsecutiveFailures);
        Assert.Equal(0, _breakers.GetState("a").ConsecutiveFailures);
        Assert.Equal(1, Measured("flexiai.provider.failures{b}"));
        Assert.Equal(0, Measured("flexiai.hedges{c}")); // c replaced a failed attempt: a failover, not a hedge
    }

    [Fact]
    public async Task Up_to_MaxParallel_attempts_run_at_once()
    {
        var execution = await HedgedAsync(Execute(maxParallel: 3));
        _time.Advance(Delay);
        await _attempts.WaitStartedAsync("c");

        _attempts.Answer("a");
        var result = await execution;

        Assert.Equal("a", result.Provider.Name);
        Assert.False(result.FellBack);
        Assert.Equal(3, result.Attempts.Count);
        await _attempts.WaitCancelledAsync("b");
        await _attempts.WaitCancelledAsync("c");
    }

    [Fact]
    public async Task A_client_error_stops_every_attempt()
    {
        var execution = await HedgedAsync(Execute());

        _attempts.Fail("b", HttpStatusCode.BadRequest);
        var error = await Assert.ThrowsAsync<RoutingException>(() => execution);

        Assert.Equal(RoutingFailureReason.RejectedByProvider, error.Reason);
        await _attempts.WaitCancelledAsync("a");
        Assert.False(_attempts.Started("c"));
        Assert.Equal(0, _breakers.GetState("a").ConsecutiveFailures);
    }

    [Fact]
    public async Task A_late_answer_of_a_cancelled_attempt_is_disposed()
    {
        _attempts.IgnoreCancellation = true;
        var execution = await HedgedAsync(Execute());
        _attempts.Answer("b");
        var result = await execution;

        var late = _attempts.Answer("a");

        await Eventually.TrueAsync(() => late.Disposed, "the late answer is disposed");
        Assert.False(result.Value.Disposed);
    }

    [Fact]
    public async Task The_caller_going_away_cancels_every_attempt_and_counts_nothing()
    {
        using var caller = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        var execution = await HedgedAsync(ExecuteForCaller(caller.Token));

        await caller.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => execution);
        await _attempts.WaitCancelledAsync("a");
        await _attempts.WaitCancelledAsync("b");
        Assert.Equal(0, _breakers.GetState("a").ConsecutiveFailures);
        Assert.Equal(0, _breakers.GetState("b").ConsecutiveFailures);
    }

    public void Dispose() => _listener.Dispose();

    /// <summary>An answer that records whether it was disposed (a stream that lost must be closed).</summary>
    private sealed class Answer(string provider) : IDisposable
    {
        public string Provider { get; } = provider;

        public bool Disposed { get; private set; }

        public void Dispose() => Disposed = true;
    }

    /// <summary>Attempts that wait for the test: answered, failed, or cancelled through their token.</summary>
    private sealed class ScriptedAttempts
    {
        private readonly ConcurrentDictionary<string, TaskCompletionSource<Answer>> _pending = new();

        public bool IgnoreCancellation { get; set; }

        public Task<Answer> Run(AttemptContext context)
        {
            var pending = new TaskCompletionSource<Answer>(TaskCreationOptions.RunContinuationsAsynchronously);
            _pending[context.Provider.Name] = pending;
            if (!IgnoreCancellation)
            {
                context.CancellationToken.Register(() => pending.TrySetCanceled(context.CancellationToken));
            }
            return pending.Task;
        }

        public bool Started(string provider) => _pending.ContainsKey(provider);

        public Task WaitStartedAsync(string provider) => Eventually.TrueAsync(() => Started(provider), $"attempt on {provider} started");

        public Task WaitCancelledAsync(string provider) =>
            Eventually.TrueAsync(() => _pending[provider].Task.IsCanceled, $"attempt on {provider} cancelled");

        public Answer Answer(string provider)
        {
            var answer = new Answer(provider);
            Assert.True(_pending[provider].TrySetResult(answer));
            return answer;
        }

        public void Fail(string provider, HttpStatusCode status) =>
            _pending[provider].TrySetException(new ProviderException(ProviderFailure.FromStatus(status, null)));
    }
}
