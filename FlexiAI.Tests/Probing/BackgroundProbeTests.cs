using System.Diagnostics;
using FlexiAI.Tests.Infrastructure;
using FlexiAI.Tests.SharedState;
using FlexiAI.Tests.Simulator;

namespace FlexiAI.Tests.Probing;

/// <summary>
/// Recovery without a user's request (<c>CircuitBreaker:ProbeMode=Background</c>): gateway hosts on a real
/// redis-server in front of the simulator over HTTP, breakers recovering after 1 s.
/// </summary>
public sealed class BackgroundProbeTests(RealRedisFixture redis, SimulatorFixture simulator)
    : IClassFixture<RealRedisFixture>, IClassFixture<SimulatorFixture>, IAsyncLifetime
{
    private const string Primary = SimulatorFixture.OpenAIProvider;
    private const string Secondary = SimulatorFixture.AnthropicProvider;
    private static readonly TimeSpan Recovery = TimeSpan.FromSeconds(1);
    private readonly CancellationToken _ct = TestContext.Current.CancellationToken;
    private GatewayCluster? _cluster;

    public async ValueTask InitializeAsync() => await simulator.ResetAsync(TestContext.Current.CancellationToken);

    public async ValueTask DisposeAsync()
    {
        if (_cluster is not null)
        {
            await _cluster.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_down_provider_is_probed_in_the_background_and_no_user_request_pays_for_it()
    {
        var cluster = await StartAsync(instances: 1);
        var gateway = cluster.Instances[0];
        await simulator.SetFaultAsync(Primary, new { mode = "error", status = 500 }, _ct);
        await OpenAsync(gateway, Primary);

        // User traffic throughout, while the gateway probes the dead provider on its own at least three times.
        var answered = 0;
        while ((await simulator.GetStatsAsync(Primary, _ct)).GetProperty("calls").GetInt64() < 3)
        {
            using var response = await gateway.ChatAsync(_ct);
            Assert.True(response.IsSuccessStatusCode, $"user request answered {(int)response.StatusCode}");
            // Answered by the secondary on the first attempt: no user request went to the dead provider.
            Assert.Equal(Secondary, response.Header("x-flexiai-provider"));
            Assert.Equal("1", response.Header("x-flexiai-attempts"));
            answered++;
        }

        Assert.True(answered > 0);
        var primary = await gateway.ProviderAsync(Primary);
        Assert.NotEqual("CLOSED", primary.GetProperty("circuit_state").GetString());
        Assert.Contains("500", primary.GetProperty("last_error").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_healed_provider_closes_without_any_user_request()
    {
        var cluster = await StartAsync(instances: 1);
        var gateway = cluster.Instances[0];
        await simulator.SetFaultAsync(Primary, new { mode = "error", status = 503 }, _ct);
        await OpenAsync(gateway, Primary);
        await simulator.WaitForStatsAsync(Primary, s => s.GetProperty("calls").GetInt64() >= 1, TimeSpan.FromSeconds(15), _ct);
        Assert.NotEqual("CLOSED", (await gateway.ProviderAsync(Primary)).GetProperty("circuit_state").GetString());

        // The provider heals; nobody sends a request; the next background probe closes the breaker.
        await simulator.ResetAsync(_ct);
        await cluster.WaitForStateEverywhereAsync(Primary, "CLOSED", TimeSpan.FromSeconds(15));
        Assert.Equal(0, (await simulator.GetStatsAsync(Secondary, _ct)).GetProperty("calls").GetInt64());
        AssertOneProbe(await simulator.GetStatsAsync(Primary, _ct));
    }

    [Fact]
    public async Task Three_hosts_sharing_Redis_send_one_background_probe_per_recovery_cycle()
    {
        var cluster = await StartAsync(instances: 3);
        await simulator.SetFaultAsync(Primary, new { mode = "error", status = 500 }, _ct);
        var since = Stopwatch.StartNew();
        await OpenAsync(cluster.Instances[0], Primary);

        // Each failed probe opens the breaker for another recovery period; three hosts must not triple the calls.
        var stats = await simulator.WaitForStatsAsync(Primary, s => s.GetProperty("calls").GetInt64() >= 3, TimeSpan.FromSeconds(30), _ct);
        var elapsed = since.Elapsed;
        var calls = stats.GetProperty("calls").GetInt64();
        var cycles = (long)(elapsed / Recovery);
        Assert.True(calls <= cycles, $"{calls} probes in {elapsed.TotalSeconds:0.0} s with a {Recovery.TotalSeconds} s recovery time");

        // Healed: a probe from one host closes the breaker for all three; still at most one probe per recovery cycle (on a
        // loaded machine a probe may time out and count as failed, so a second cycle may be needed).
        var healing = Stopwatch.StartNew();
        await simulator.ResetAsync(_ct);
        await cluster.WaitForStateEverywhereAsync(Primary, "CLOSED", TimeSpan.FromSeconds(15));
        var healingCycles = Math.Max(1, (long)(healing.Elapsed / Recovery));
        var healingCalls = (await simulator.GetStatsAsync(Primary, _ct)).GetProperty("calls").GetInt64();
        Assert.True(healingCalls <= healingCycles, $"{healingCalls} probes in {healing.Elapsed.TotalSeconds:0.0} s after healing");
    }

    [Fact]
    public async Task A_models_list_probe_closes_a_healed_provider()
    {
        var cluster = await StartAsync(instances: 1, new() { ["FlexiAI:Providers:1:Probe"] = "Models" });
        var gateway = cluster.Instances[0];
        await OpenAsync(gateway, Secondary);

        await cluster.WaitForStateEverywhereAsync(Secondary, "CLOSED", TimeSpan.FromSeconds(15));
        // The simulator counts chat calls only: the probe that closed the breaker was the models list.
        Assert.Equal(0, (await simulator.GetStatsAsync(Secondary, _ct)).GetProperty("calls").GetInt64());
    }

    /// <summary>
    /// The probe that closed the breaker, and no other. (0 only when it reached the simulator between the two halves of
    /// the reset, faults cleared and then counters.)
    /// </summary>
    private static void AssertOneProbe(System.Text.Json.JsonElement stats) =>
        Assert.InRange(stats.GetProperty("calls").GetInt64(), 0, 1);

    private async Task<GatewayCluster> StartAsync(int instances, Dictionary<string, string>? overrides = null)
    {
        var settings = new Dictionary<string, string>
        {
            ["FlexiAI:CircuitBreaker:ProbeMode"] = "Background",
            ["FlexiAI:CircuitBreaker:RecoveryTimeout"] = Recovery.ToString(),
        };
        foreach (var (key, value) in overrides ?? [])
        {
            settings[key] = value;
        }
        return _cluster = await GatewayCluster.StartAsync(redis.Require().ConnectionString, simulator, instances, settings);
    }

    /// <summary>Opens the breaker through the admin API (loopback, no key) and waits until the opening took.</summary>
    private async Task OpenAsync(GatewayInstance gateway, string provider)
    {
        using var response = await gateway.Client.PostAsync($"providers/{provider}/open", null, _ct);
        Assert.True(response.IsSuccessStatusCode, $"open answered {(int)response.StatusCode}");
    }
}
