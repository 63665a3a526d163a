using FlexiAI.Simulator;
using FlexiAI.Tests.Simulator;

namespace FlexiAI.Tests.Routing;

/// <summary>The simulator with two OpenAI-protocol providers (<c>sim-a</c>, <c>sim-b</c>) and one Anthropic (<c>sim-anthropic</c>).</summary>
public sealed class GroupSimulatorFixture : SimulatorFixture
{
    public const string A = "sim-a";
    public const string B = "sim-b";

    protected override void Configure(SimulatorOptions options)
    {
        options.Providers.Add(new SimulatedProviderOptions { Name = A, Protocol = SimulatedProviderOptions.OpenAIProtocol, Model = "sim-gpt" });
        options.Providers.Add(new SimulatedProviderOptions { Name = B, Protocol = SimulatedProviderOptions.OpenAIProtocol, Model = "sim-gpt" });
        options.Providers.Add(new SimulatedProviderOptions { Name = AnthropicProvider, Protocol = SimulatedProviderOptions.AnthropicProtocol, Model = "sim-claude" });
    }
}
