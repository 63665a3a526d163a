using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.Options;

namespace FlexiAI.Simulator.Providers;

/// <summary>The simulated providers, in configuration order, looked up by name (case-insensitive).</summary>
internal sealed class ProviderRegistry
{
    private readonly Dictionary<string, SimulatedProvider> _byName;

    public ProviderRegistry(IOptions<SimulatorOptions> options)
    {
        var providers = new List<SimulatedProvider>();
        foreach (var p in options.Value.Providers)
        {
            var kind = string.Equals(p.Protocol, SimulatedProviderOptions.AnthropicProtocol, StringComparison.OrdinalIgnoreCase)
                ? ProviderProtocolKind.Anthropic
                : ProviderProtocolKind.OpenAI;
            providers.Add(new SimulatedProvider(p.Name, kind, p.Model));
        }

        All = providers;
        _byName = providers.ToDictionary(p => p.Name, StringComparer.OrdinalIgnoreCase);
    }

    public IReadOnlyList<SimulatedProvider> All { get; }

    public bool TryGet(string name, [NotNullWhen(true)] out SimulatedProvider? provider) =>
        _byName.TryGetValue(name, out provider);
}
