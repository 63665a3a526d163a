using System.Net.Http.Json;
using System.Text.Json;
using FlexiAI.Api;
using FlexiAI.Tests.Infrastructure;
using FlexiAI.Tests.Simulator;
using Microsoft.AspNetCore.Builder;

namespace FlexiAI.Tests.Gateway;

/// <summary>
/// The simulator and a gateway in front of it, both in-process on loopback ports, talking real HTTP.
/// Providers: <c>sim-openai</c> (OpenAI protocol, pass-through, priority 1), <c>sim-anthropic</c> (Anthropic protocol,
/// translation, priority 2) and <c>dead</c> (nothing listens on its port, priority 3). Route <c>refused-first</c> tries
/// <c>dead</c> then <c>sim-openai</c>; <c>translated</c> is <c>sim-anthropic</c> alone, <c>passthrough</c> <c>sim-openai</c> alone. The per-attempt timeout is short so timeouts are quick to test.
/// </summary>
public class GatewayFixture : IAsyncLifetime
{
    public const string OpenAIProvider = SimulatorFixture.OpenAIProvider;
    public const string AnthropicProvider = SimulatorFixture.AnthropicProvider;
    public const string DeadProvider = "dead";
    /// <summary>A route with only <c>sim-anthropic</c>: every request translated.</summary>
    public const string TranslatedRoute = "translated";
    /// <summary>A route with only <c>sim-openai</c>: every request passed through.</summary>
    public const string PassThroughRoute = "passthrough";
    public static readonly TimeSpan AttemptTimeout = TimeSpan.FromSeconds(1);

    private WebApplication? _gateway;

    public SimulatorFixture Simulator { get; } = new();

    public HttpClient Client { get; private set; } = null!;

    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>The gateway's services.</summary>
    public IServiceProvider Services => _gateway?.Services ?? throw new InvalidOperationException("The gateway has not started.");

    public async ValueTask InitializeAsync()
    {
        await Simulator.InitializeAsync();
        string[] args =
        [
            "--urls", "http://127.0.0.1:0",
            "--Logging:LogLevel:Default=Warning",
            "--FlexiAI:ReplicaId=test-replica",
            // Stopped by the test, not by a load balancer: no need to stay reachable after the stop begins.
            "--FlexiAI:Shutdown:ReadinessDelay=00:00:00",
            .. Provider(0, OpenAIProvider, "OpenAI", "gpt-4o-mini", 1, new Uri(Simulator.ProviderAddress(OpenAIProvider), "v1")),
            .. Provider(1, AnthropicProvider, "Anthropic", "claude-sonnet-4-5", 2, Simulator.ProviderAddress(AnthropicProvider)),
            .. Provider(2, DeadProvider, "OpenAI", "gpt-4o", 3, new Uri($"http://127.0.0.1:{LoopbackPorts.Free()}/v1")),
            "--FlexiAI:Routes:refused-first:0=" + DeadProvider,
            "--FlexiAI:Routes:refused-first:1=" + OpenAIProvider,
            "--FlexiAI:Routes:" + TranslatedRoute + ":0=" + AnthropicProvider,
            "--FlexiAI:Routes:" + PassThroughRoute + ":0=" + OpenAIProvider,
            "--FlexiAI:CircuitBreaker:FailureThreshold=5",
            "--FlexiAI:CircuitBreaker:RecoveryTimeout=00:00:30",
            .. ExtraArguments,
        ];
        _gateway = GatewayApp.Create(args, Configure);
        await _gateway.StartAsync(TestContext.Current.CancellationToken);
        // A gateway listening on every interface (0.0.0.0) is reached on loopback.
        BaseAddress = new Uri(_gateway.Urls.First().Replace("//0.0.0.0:", "//127.0.0.1:", StringComparison.Ordinal).TrimEnd('/') + "/");
        Client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
    }

    /// <summary>More gateway settings (<c>--FlexiAI:Auth:ClientKeys:0=...</c>) for fixtures that derive from this one.</summary>
    protected virtual IEnumerable<string> ExtraArguments => [];

    /// <summary>More host set-up (services a deployment might add) for fixtures that derive from this one.</summary>
    protected virtual void Configure(WebApplicationBuilder builder)
    {
    }

    public async ValueTask DisposeAsync()
    {
        Client?.Dispose();
        if (_gateway is not null)
        {
            await _gateway.StopAsync(CancellationToken.None);
            await _gateway.DisposeAsync();
        }
        await Simulator.DisposeAsync();
        GC.SuppressFinalize(this);
    }

    /// <summary>Healthy simulator, zero counters, every breaker closed.</summary>
    public async Task ResetAsync(CancellationToken cancellationToken)
    {
        await Simulator.ResetAsync(cancellationToken);
        foreach (var provider in new[] { OpenAIProvider, AnthropicProvider, DeadProvider })
        {
            using var response = await Client.PostAsync($"providers/{provider}/reset", null, cancellationToken);
            response.EnsureSuccessStatusCode();
        }
    }

    /// <summary>Opens every provider's breaker by hand (admin action).</summary>
    public async Task OpenEveryBreakerAsync(CancellationToken cancellationToken)
    {
        foreach (var provider in new[] { OpenAIProvider, AnthropicProvider, DeadProvider })
        {
            using var opened = await Client.PostAsync($"providers/{provider}/open", null, cancellationToken);
            opened.EnsureSuccessStatusCode();
        }
    }

    public Task<HttpResponseMessage> ChatAsync(string model = "default", bool stream = false, CancellationToken cancellationToken = default) =>
        Client.PostAsJsonAsync("v1/chat/completions", new
        {
            model,
            stream,
            stream_options = stream ? new { include_usage = true } : null,
            messages = new[] { new { role = "user", content = "Tell me about failover." } },
        }, cancellationToken);

    /// <summary>One provider's entry in <c>GET /providers</c>.</summary>
    public async Task<JsonElement> ProviderAsync(string name, CancellationToken cancellationToken)
    {
        var report = await Client.GetFromJsonAsync<JsonElement>("providers", cancellationToken);
        return report.GetProperty("providers").EnumerateArray().Single(p => p.GetProperty("name").GetString() == name).Clone();
    }

    private static IEnumerable<string> Provider(int index, string name, string kind, string model, int priority, Uri endpoint) =>
        GatewayArguments.Provider(index, name, kind, model, priority, endpoint, AttemptTimeout);
}
