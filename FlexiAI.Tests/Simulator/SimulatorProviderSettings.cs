namespace FlexiAI.Tests.Simulator;

/// <summary>
/// FlexiAI settings for both simulated providers: <c>sim-openai</c> (OpenAI protocol, priority 1), then
/// <c>sim-anthropic</c> (Anthropic protocol, priority 2), as an in-process app would configure them.
/// </summary>
public static class SimulatorProviderSettings
{
    public static Dictionary<string, string?> Both(SimulatorFixture simulator)
    {
        ArgumentNullException.ThrowIfNull(simulator);
        return new()
        {
            ["FlexiAI:Providers:0:Name"] = SimulatorFixture.OpenAIProvider,
            ["FlexiAI:Providers:0:Kind"] = "OpenAI",
            ["FlexiAI:Providers:0:Model"] = "gpt-4o-mini",
            ["FlexiAI:Providers:0:Priority"] = "1",
            ["FlexiAI:Providers:0:Endpoint"] = new Uri(simulator.ProviderAddress(SimulatorFixture.OpenAIProvider), "v1").ToString(),
            ["FlexiAI:Providers:1:Name"] = SimulatorFixture.AnthropicProvider,
            ["FlexiAI:Providers:1:Kind"] = "Anthropic",
            ["FlexiAI:Providers:1:Model"] = "claude-sonnet-4-5",
            ["FlexiAI:Providers:1:Priority"] = "2",
            ["FlexiAI:Providers:1:Endpoint"] = simulator.ProviderAddress(SimulatorFixture.AnthropicProvider).ToString(),
        };
    }
}
