using System.Net.Http.Json;
using System.Text.Json;
using FlexiAI.Simulator;
using Microsoft.Extensions.Options;
using static FlexiAI.Tests.Simulator.SimulatorHttp;

namespace FlexiAI.Tests.Simulator;

public sealed class SimulatorAppTests(SimulatorFixture simulator) : IClassFixture<SimulatorFixture>
{
    [Fact]
    public async Task Providers_lists_the_two_default_providers()
    {
        var ct = TestContext.Current.CancellationToken;
        var providers = await simulator.Client.GetFromJsonAsync<JsonElement>("providers", ct);

        Assert.Equal(
            ["sim-openai/openai/sim-gpt", "sim-anthropic/anthropic/sim-claude"],
            providers.EnumerateArray().Select(p =>
                $"{p.GetProperty("name").GetString()}/{p.GetProperty("protocol").GetString()}/{p.GetProperty("model").GetString()}"));
    }

    [Theory]
    [InlineData("health")]
    [InlineData("health/live")]
    public async Task Health_endpoints_answer_healthy(string path)
    {
        var ct = TestContext.Current.CancellationToken;
        Assert.Equal("Healthy", await simulator.Client.GetStringAsync(path, ct));
    }

    [Fact]
    public async Task Configured_providers_replace_the_defaults()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = SimulatorApp.Create(
            ["--urls", "http://127.0.0.1:0", "--Logging:LogLevel:Default=Warning"],
            o => o.Providers.Add(new SimulatedProviderOptions { Name = "acme", Protocol = "anthropic", Model = "acme-1" }));
        await app.StartAsync(ct);
        using var client = new HttpClient { BaseAddress = new Uri(app.Urls.First()) };

        var providers = await client.GetFromJsonAsync<JsonElement>("/providers", ct);
        var provider = Assert.Single(providers.EnumerateArray());
        Assert.Equal("acme", provider.GetProperty("name").GetString());
        var message = await PostForJsonAsync(client, "/acme/v1/messages", """{"max_tokens":5,"messages":[{"role":"user","content":"hi"}]}""", 200, ct);
        Assert.Equal("acme-1", message.GetProperty("model").GetString());

        await app.StopAsync(ct);
    }

    [Theory]
    [InlineData("grpc", "b", "Simulator:Providers:0:Protocol")]
    [InlineData("openai", "a", "Simulator:Providers:1:Name")]
    [InlineData("openai", "bad name", "Simulator:Providers:1:Name")]
    public async Task Invalid_providers_stop_the_start_naming_the_setting(string protocol, string secondName, string setting)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = SimulatorApp.Create(
            ["--urls", "http://127.0.0.1:0", "--Logging:LogLevel:Default=Warning"],
            o =>
            {
                o.Providers.Add(new SimulatedProviderOptions { Name = "a", Protocol = protocol });
                o.Providers.Add(new SimulatedProviderOptions { Name = secondName, Protocol = "openai" });
            });

        var failure = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync(ct));

        Assert.Contains(setting, failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Out_of_range_delays_stop_the_start_naming_the_setting()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = SimulatorApp.Create(
            ["--urls", "http://127.0.0.1:0", "--Simulator:ChunkDelayMs=-1", "--Logging:LogLevel:Default=Warning"]);

        var failure = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync(ct));

        Assert.Contains("Simulator:ChunkDelayMs", failure.Message, StringComparison.Ordinal);
    }
}
