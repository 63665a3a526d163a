using FlexiAI.Breakers;
using FlexiAI.Tests.Infrastructure;
using FlexiAI.Tests.Simulator;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;

namespace FlexiAI.Tests.Probing;

/// <summary>
/// The in-process library (<c>AddFlexiAI</c> in a generic host) probes in the background too, on its
/// <see cref="TimeProvider"/>: a fake clock decides when the recovery time has passed; the probe goes over real HTTP.
/// </summary>
public sealed class InProcessBackgroundProbeTests(SimulatorFixture simulator) : IClassFixture<SimulatorFixture>
{
    [Fact]
    public async Task A_host_with_AddFlexiAI_closes_a_healed_provider_once_its_clock_passes_the_recovery_time()
    {
        var ct = TestContext.Current.CancellationToken;
        await simulator.ResetAsync(ct);
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["FlexiAI:CircuitBreaker:RecoveryTimeout"] = "00:01:00",
            ["FlexiAI:Providers:0:Name"] = SimulatorFixture.OpenAIProvider,
            ["FlexiAI:Providers:0:Kind"] = "OpenAI",
            ["FlexiAI:Providers:0:Model"] = "gpt-4o-mini",
            ["FlexiAI:Providers:0:Endpoint"] = new Uri(simulator.ProviderAddress(SimulatorFixture.OpenAIProvider), "v1").ToString(),
            // The probe's timeout runs on the fake clock too, which this test moves a second per poll.
            ["FlexiAI:Providers:0:Timeout"] = "00:30:00",
        });
        builder.Services.AddSingleton<TimeProvider>(time);
        builder.Services.AddFlexiAI(builder.Configuration);
        using var host = builder.Build();
        await host.StartAsync(ct);
        var breakers = host.Services.GetRequiredService<IBreakerStateStore>();

        await breakers.ForceOpenAsync(SimulatorFixture.OpenAIProvider, "test", ct);
        time.Advance(TimeSpan.FromSeconds(59));
        Assert.Equal(CircuitState.Open, breakers.GetState(SimulatorFixture.OpenAIProvider).State);

        // Past the recovery time on the host's clock (a second at a time, so the service's own wait is passed too).
        await Eventually.TrueAsync(() =>
        {
            time.Advance(TimeSpan.FromSeconds(1));
            return breakers.GetState(SimulatorFixture.OpenAIProvider).State == CircuitState.Closed;
        }, "the background probe closed the breaker");
        var stats = await simulator.GetStatsAsync(SimulatorFixture.OpenAIProvider, ct);
        Assert.Equal(1, stats.GetProperty("calls").GetInt64());
        await host.StopAsync(ct);
    }
}
