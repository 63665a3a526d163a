using System.Diagnostics;
using FlexiAI.Chat;
using FlexiAI.Options;
using FlexiAI.Tests.Simulator;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;

namespace FlexiAI.Tests.Hedging;

/// <summary>The in-process <see cref="IChatClient"/> (configured in code) hedges a route exactly as the gateway does.</summary>
public sealed class InProcessHedgingTests(SimulatorFixture simulator) : IClassFixture<SimulatorFixture>, IDisposable
{
    private readonly CancellationToken _ct = TestContext.Current.CancellationToken;
    private ServiceProvider? _services;

    /// <summary>The client, with the simulator's OpenAI provider (tried first) answering only after 2 s.</summary>
    private async Task<IChatClient> ClientWithSlowPrimaryAsync()
    {
        await simulator.ResetAsync(_ct);
        await simulator.SetFaultAsync(SimulatorFixture.OpenAIProvider, new { mode = "slow", latency_ms = 2000 }, _ct);
        _services = new ServiceCollection().AddLogging().AddFlexiAI(options =>
        {
            options.Providers.Add(new ProviderOptions
            {
                Name = SimulatorFixture.OpenAIProvider,
                Kind = ProviderKind.OpenAI,
                Model = "gpt-4o-mini",
                Priority = 1,
                Endpoint = new Uri(simulator.ProviderAddress(SimulatorFixture.OpenAIProvider), "v1"),
                Timeout = TimeSpan.FromSeconds(10),
            });
            options.Providers.Add(new ProviderOptions
            {
                Name = SimulatorFixture.AnthropicProvider,
                Kind = ProviderKind.Anthropic,
                Model = "claude-sonnet-4-5",
                Priority = 2,
                Endpoint = simulator.ProviderAddress(SimulatorFixture.AnthropicProvider),
                Timeout = TimeSpan.FromSeconds(10),
            });
            options.Hedging[FlexiAIOptions.DefaultRoute] = new HedgingOptions { Delay = TimeSpan.FromMilliseconds(200) };
        }).BuildServiceProvider();
        return _services.GetRequiredService<IChatClient>();
    }

    [Fact]
    public async Task Hedges_a_slow_provider()
    {
        var client = await ClientWithSlowPrimaryAsync();
        var clock = Stopwatch.StartNew();

        var response = await client.GetResponseAsync("Hello", cancellationToken: _ct);

        Assert.True(clock.Elapsed < TimeSpan.FromMilliseconds(1500), $"answered after {clock.Elapsed.TotalMilliseconds} ms");
        Assert.StartsWith("Hello from sim-anthropic", response.Text, StringComparison.Ordinal);
        Assert.Equal(2, response.AdditionalProperties?[FlexiAIChatClient.AttemptsProperty]);
        Assert.Equal(true, response.AdditionalProperties?[FlexiAIChatClient.HedgedProperty]);
    }

    [Fact]
    public async Task Hedges_a_stream_until_its_first_update()
    {
        var client = await ClientWithSlowPrimaryAsync();
        var clock = Stopwatch.StartNew();
        var text = new System.Text.StringBuilder();
        string? provider = null;

        await foreach (var update in client.GetStreamingResponseAsync("Hello", cancellationToken: _ct))
        {
            provider ??= update.AdditionalProperties?[FlexiAIChatClient.ProviderProperty] as string;
            text.Append(update.Text);
        }

        Assert.True(clock.Elapsed < TimeSpan.FromMilliseconds(1500), $"streamed in {clock.Elapsed.TotalMilliseconds} ms");
        Assert.Equal(SimulatorFixture.AnthropicProvider, provider);
        Assert.StartsWith("Hello from sim-anthropic", text.ToString(), StringComparison.Ordinal);
    }

    public void Dispose() => _services?.Dispose();
}
