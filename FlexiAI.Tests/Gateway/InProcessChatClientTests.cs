using FlexiAI.Breakers;
using FlexiAI.Chat;
using FlexiAI.Tests.Simulator;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace FlexiAI.Tests.Gateway;

/// <summary><c>services.AddFlexiAI(...)</c> in any .NET app: the router as an <see cref="IChatClient"/>, over the OpenAI SDK and our Anthropic client.</summary>
public sealed class InProcessChatClientTests(SimulatorFixture simulator) : IClassFixture<SimulatorFixture>, IDisposable
{
    private readonly CancellationToken _ct = TestContext.Current.CancellationToken;
    private ServiceProvider? _services;

    private ServiceProvider Services(Dictionary<string, string?>? extra = null)
    {
        var settings = SimulatorProviderSettings.Both(simulator);
        foreach (var (key, value) in extra ?? [])
        {
            settings[key] = value;
        }
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        _services = new ServiceCollection().AddLogging().AddFlexiAI(configuration).BuildServiceProvider();
        return _services;
    }

    [Fact]
    public async Task Answers_through_the_first_provider()
    {
        await simulator.ResetAsync(_ct);
        var client = Services().GetRequiredService<IChatClient>();

        var response = await client.GetResponseAsync("Hello", cancellationToken: _ct);

        Assert.StartsWith("Hello from sim-openai", response.Text, StringComparison.Ordinal);
        Assert.Equal(SimulatorFixture.OpenAIProvider, response.AdditionalProperties?[FlexiAIChatClient.ProviderProperty]);
    }

    [Fact]
    public async Task Fails_over_to_the_anthropic_provider_and_feeds_the_shared_breakers()
    {
        await simulator.ResetAsync(_ct);
        await simulator.SetFaultAsync(SimulatorFixture.OpenAIProvider, new { mode = "error", status = 500 }, _ct);
        var services = Services();
        var client = services.GetRequiredService<IChatClient>();

        var response = await client.GetResponseAsync("Hello", cancellationToken: _ct);

        Assert.StartsWith("Hello from sim-anthropic", response.Text, StringComparison.Ordinal);
        Assert.Equal(2, response.AdditionalProperties?[FlexiAIChatClient.AttemptsProperty]);
        var breakers = services.GetRequiredService<IBreakerStateStore>();
        Assert.Equal(1, breakers.GetState(SimulatorFixture.OpenAIProvider).ConsecutiveFailures);
        // The SDK's own retries are off: one call reached the failing provider, not four.
        var stats = await simulator.GetStatsAsync(SimulatorFixture.OpenAIProvider, _ct);
        Assert.Equal(1, stats.GetProperty("calls").GetInt64());
    }

    [Theory]
    [InlineData("auth", BreakerFaults.Auth, 1)]
    [InlineData("not_found", BreakerFaults.NotFound, 1)]
    [InlineData("context_length", null, 0)]
    public async Task The_openai_sdk_path_reads_a_provider_error_as_the_gateway_does(string fault, string? lastErrorType, int counted)
    {
        await simulator.ResetAsync(_ct);
        await simulator.SetFaultAsync(SimulatorFixture.OpenAIProvider, new { mode = fault }, _ct);
        var services = Services(new()
        {
            ["FlexiAI:Providers:0:ContextWindow"] = "8192",
            ["FlexiAI:Providers:1:ContextWindow"] = "200000",
        });
        var client = services.GetRequiredService<IChatClient>();

        var response = await client.GetResponseAsync("Hello", cancellationToken: _ct);

        Assert.StartsWith("Hello from sim-anthropic", response.Text, StringComparison.Ordinal);
        var state = services.GetRequiredService<IBreakerStateStore>().GetState(SimulatorFixture.OpenAIProvider);
        Assert.Equal(counted, state.ConsecutiveFailures);
        Assert.Equal(lastErrorType, BreakerFaults.TypeOf(state.LastError));
    }

    [Fact]
    public async Task Streams_and_fails_over_before_the_first_update()
    {
        await simulator.ResetAsync(_ct);
        await simulator.SetFaultAsync(SimulatorFixture.OpenAIProvider, new { mode = "rate_limit", retry_after_s = 3 }, _ct);
        var client = Services().GetRequiredService<IChatClient>();
        var text = new System.Text.StringBuilder();
        string? provider = null;

        await foreach (var update in client.GetStreamingResponseAsync("Hello", cancellationToken: _ct))
        {
            provider ??= update.AdditionalProperties?[FlexiAIChatClient.ProviderProperty] as string;
            text.Append(update.Text);
        }

        Assert.Equal(SimulatorFixture.AnthropicProvider, provider);
        Assert.StartsWith("Hello from sim-anthropic", text.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Bad_configuration_stops_start_up_naming_the_setting()
    {
        var services = Services(new() { ["FlexiAI:Providers:1:Endpoint"] = "not a url", ["FlexiAI:CircuitBreaker:FailureThreshold"] = "0" });

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<FlexiAI.Options.FlexiAIOptions>>().Value);

        Assert.Contains("FlexiAI:CircuitBreaker:FailureThreshold", error.Message, StringComparison.Ordinal);
        Assert.Contains("FlexiAI:Providers:1:Endpoint", error.Message, StringComparison.Ordinal);
    }

    public void Dispose() => _services?.Dispose();
}
