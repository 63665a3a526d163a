using FlexiAI.Breakers;
using FlexiAI.Options;
using FlexiAI.Tests.Security;
using Microsoft.Extensions.Time.Testing;

namespace FlexiAI.Tests.Breakers;

/// <summary>What the breaker transition log says when the gateway's configuration is at fault: one Error line per change, not per failure.</summary>
public sealed class BreakerTransitionLogTests : IDisposable
{
    private const string Provider = "openai";
    private readonly CancellationToken _ct = TestContext.Current.CancellationToken;
    private readonly CapturingLoggerProvider _logs = new();
    private readonly InMemoryBreakerStateStore _store;

    public BreakerTransitionLogTests()
    {
        var options = new FlexiAIOptions
        {
            Providers = [new ProviderOptions { Name = Provider, Model = "m", Endpoint = new Uri("http://localhost/") }],
            CircuitBreaker = new CircuitBreakerOptions { FailureThreshold = 2 },
        };
        _store = new InMemoryBreakerStateStore(Microsoft.Extensions.Options.Options.Create(options),
            new FakeTimeProvider(new DateTimeOffset(2026, 12, 1, 12, 0, 0, TimeSpan.Zero)));
        BreakerTransitionLogger.Attach(_store, _logs.CreateLogger("FlexiAI.Breakers"));
    }

    public void Dispose() => _logs.Dispose();

    [Fact]
    public async Task A_rejected_key_is_logged_once_as_an_error_naming_the_provider()
    {
        var rejected = new BreakerFailure("HTTP 401 " + BreakerFaults.CredentialsRejected, CredentialsRejected: true);

        await _store.RecordFailureAsync(Provider, rejected, _ct);
        await _store.RecordFailureAsync(Provider, rejected, _ct); // a request already in flight: no change of state

        var line = Assert.Single(_logs.Lines);
        Assert.StartsWith("Error FlexiAI.Breakers: Provider openai rejected its credentials (HTTP 401 credentials rejected)", line, StringComparison.Ordinal);
        Assert.Contains("CLOSED -> OPEN", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_model_is_logged_once_when_the_breaker_opens()
    {
        var notFound = new BreakerFailure("HTTP 404 " + BreakerFaults.ModelNotFound);

        await _store.RecordFailureAsync(Provider, notFound, _ct);
        Assert.Empty(_logs.Lines);
        await _store.RecordFailureAsync(Provider, notFound, _ct);

        var line = Assert.Single(_logs.Lines);
        Assert.StartsWith("Error FlexiAI.Breakers: Provider openai does not know its model, deployment or URL", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_outage_keeps_the_plain_transition_line()
    {
        await _store.RecordFailureAsync(Provider, new BreakerFailure("HTTP 500"), _ct);
        await _store.RecordFailureAsync(Provider, new BreakerFailure("HTTP 500"), _ct);

        var line = Assert.Single(_logs.Lines);
        Assert.StartsWith("Error FlexiAI.Breakers: Circuit breaker for provider openai: CLOSED -> OPEN", line, StringComparison.Ordinal);
    }
}
