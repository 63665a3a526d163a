using System.Net.Http.Json;
using System.Text.Json;
using FlexiAI.Api;
using FlexiAI.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;

namespace FlexiAI.Tests.Routing;

/// <summary>
/// A gateway in front of <see cref="GroupSimulatorFixture"/>, both in-process on loopback ports, over real HTTP.
/// <c>sim-a</c> (weight 3) and <c>sim-b</c> (weight 1) share priority 1; <c>sim-anthropic</c> is priority 2. Routes: one per
/// strategy over all three (<c>weighted</c>, <c>least-busy</c>, <c>latency</c>); <c>continued</c> (<c>sim-a</c> then
/// <c>sim-b</c>, priority strategy) and <c>continued-translated</c> (<c>sim-a</c> then <c>sim-anthropic</c>) with stream
/// continuation; <c>default</c> as always (no continuation).
/// </summary>
public sealed class RoutingGroupsFixture : IAsyncLifetime
{
    public const string A = GroupSimulatorFixture.A;
    public const string B = GroupSimulatorFixture.B;
    public const string Anthropic = GroupSimulatorFixture.AnthropicProvider;
    public static readonly string[] Providers = [A, B, Anthropic];

    private WebApplication? _gateway;

    public GroupSimulatorFixture Simulator { get; } = new();

    public HttpClient Client { get; private set; } = null!;

    public Uri BaseAddress { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        await Simulator.InitializeAsync();
        var timeout = TimeSpan.FromSeconds(5);
        string[] args =
        [
            "--urls", "http://127.0.0.1:0",
            "--Logging:LogLevel:Default=Warning",
            "--FlexiAI:ReplicaId=groups-replica",
            "--FlexiAI:Shutdown:ReadinessDelay=00:00:00",
            .. GatewayArguments.Provider(0, A, "OpenAI", "gpt-a", 1, new Uri(Simulator.ProviderAddress(A), "v1"), timeout),
            "--FlexiAI:Providers:0:Weight=3",
            .. GatewayArguments.Provider(1, B, "OpenAI", "gpt-b", 1, new Uri(Simulator.ProviderAddress(B), "v1"), timeout),
            .. GatewayArguments.Provider(2, Anthropic, "Anthropic", "claude-sonnet-4-5", 2, Simulator.ProviderAddress(Anthropic), timeout),
            .. Route("weighted", A, B, Anthropic), "--FlexiAI:Strategy:weighted=weighted",
            .. Route("least-busy", A, B, Anthropic), "--FlexiAI:Strategy:least-busy=least-busy",
            .. Route("latency", A, B, Anthropic), "--FlexiAI:Strategy:latency=latency",
            .. Route("continued", A, B), "--FlexiAI:StreamContinuation:continued=true",
            .. Route("continued-translated", A, Anthropic), "--FlexiAI:StreamContinuation:continued-translated=true",
            "--FlexiAI:CircuitBreaker:FailureThreshold=50",
        ];
        _gateway = GatewayApp.Create(args, _ => { });
        await _gateway.StartAsync(TestContext.Current.CancellationToken);
        BaseAddress = new Uri(_gateway.Urls.First().Replace("//0.0.0.0:", "//127.0.0.1:", StringComparison.Ordinal).TrimEnd('/') + "/");
        Client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
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
    }

    /// <summary>Healthy simulator, zero simulator counters, every breaker closed.</summary>
    public async Task ResetAsync(CancellationToken cancellationToken)
    {
        await Simulator.ResetAsync(cancellationToken);
        foreach (var provider in Providers)
        {
            using var response = await Client.PostAsync($"providers/{provider}/reset", null, cancellationToken);
            response.EnsureSuccessStatusCode();
        }
    }

    /// <summary>A non-streaming chat on <paramref name="route"/>; returns the provider that answered.</summary>
    public async Task<string> ChatAsync(string route, string text, CancellationToken cancellationToken)
    {
        using var response = await Client.PostAsJsonAsync("v1/chat/completions",
            new { model = route, messages = new[] { new { role = "user", content = text } } }, cancellationToken);
        Assert.Equal(200, (int)response.StatusCode);
        return response.Headers.GetValues("x-flexiai-provider").Single();
    }

    /// <summary>One provider's entry in <c>GET /providers</c>.</summary>
    public async Task<JsonElement> ProviderAsync(string name, CancellationToken cancellationToken)
    {
        var report = await Client.GetFromJsonAsync<JsonElement>("providers", cancellationToken);
        return report.GetProperty("providers").EnumerateArray().Single(p => p.GetProperty("name").GetString() == name).Clone();
    }

    /// <summary>The simulator's whole answer of <paramref name="provider"/> to <paramref name="text"/>, asked directly (no gateway, no fault).</summary>
    public async Task<string> DeterministicAnswerAsync(string provider, string text, CancellationToken cancellationToken)
    {
        using var response = await Simulator.Client.PostAsJsonAsync($"{provider}/v1/chat/completions",
            new { model = "sim-gpt", messages = new[] { new { role = "user", content = text } } }, cancellationToken);
        response.EnsureSuccessStatusCode();
        var answer = await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
        return answer.GetProperty("choices")[0].GetProperty("message").GetProperty("content").GetString()!;
    }

    private static IEnumerable<string> Route(string name, params string[] members) =>
        members.Select((member, i) => $"--FlexiAI:Routes:{name}:{i}={member}");
}
