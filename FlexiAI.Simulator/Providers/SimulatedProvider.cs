using FlexiAI.Simulator.Faults;

namespace FlexiAI.Simulator.Providers;

/// <summary>One simulated provider at run time: its settings, its current fault and its counters.</summary>
internal sealed class SimulatedProvider(string name, ProviderProtocolKind protocol, string model)
{
    // An immutable FaultSettings swapped as a whole: readers on the request path see either the old or
    // the new fault, never a mix, without taking a lock.
    private FaultSettings _fault = FaultSettings.Healthy;

    public string Name { get; } = name;

    public ProviderProtocolKind Protocol { get; } = protocol;

    public string ProtocolName => Protocol == ProviderProtocolKind.OpenAI
        ? SimulatedProviderOptions.OpenAIProtocol
        : SimulatedProviderOptions.AnthropicProtocol;

    public string Model { get; } = model;

    public ProviderStats Stats { get; } = new();

    public FaultSettings Fault
    {
        get => Volatile.Read(ref _fault);
        set => Volatile.Write(ref _fault, value);
    }
}
