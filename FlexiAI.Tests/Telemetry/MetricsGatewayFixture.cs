using FlexiAI.Tests.Infrastructure;
using FlexiAI.Tests.Simulator;

namespace FlexiAI.Tests.Telemetry;

/// <summary>
/// A gateway in its own process (its /metrics shows its own instruments only: in-process hosts share the meter name)
/// in front of the simulator: providers <c>sim-openai</c> and <c>dead</c> (nothing listens); breakers recover after 1 s.
/// </summary>
public sealed class MetricsGatewayFixture : IAsyncLifetime
{
    public const string OpenAIProvider = SimulatorFixture.OpenAIProvider;
    public const string DeadProvider = "dead";

    private GatewayProcess? _gateway;

    public SimulatorFixture Simulator { get; } = new();

    public HttpClient Client { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        await Simulator.InitializeAsync();
        _gateway = GatewayProcess.Start(
        [
            .. GatewayArguments.Provider(0, OpenAIProvider, "OpenAI", "gpt-4o-mini", 1, new Uri(Simulator.ProviderAddress(OpenAIProvider), "v1"), TimeSpan.FromSeconds(5)),
            .. GatewayArguments.Provider(1, DeadProvider, "OpenAI", "gpt-4o", 2, new Uri($"http://127.0.0.1:{LoopbackPorts.Free()}/v1"), TimeSpan.FromSeconds(5)),
            "--FlexiAI:CircuitBreaker:RecoveryTimeout=00:00:01",
            // The gauge tests hold a breaker past its recovery time with no probe taken: only a user request would take one.
            "--FlexiAI:CircuitBreaker:ProbeMode=UserRequests",
            "--FlexiAI:Shutdown:ReadinessDelay=00:00:00",
        ]);
        Client = new HttpClient { BaseAddress = _gateway.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        await Eventually.TrueAsync(async () =>
        {
            try
            {
                using var ready = await Client.GetAsync("health/ready", TestContext.Current.CancellationToken);
                return ready.IsSuccessStatusCode;
            }
            catch (HttpRequestException)
            {
                return false;
            }
        }, "the gateway process is ready", TimeSpan.FromSeconds(60));
    }

    public async ValueTask DisposeAsync()
    {
        Client?.Dispose();
        _gateway?.Dispose();
        await Simulator.DisposeAsync();
    }
}
