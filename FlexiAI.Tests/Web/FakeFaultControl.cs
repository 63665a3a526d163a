using FlexiAI.Web.Simulator;

namespace FlexiAI.Tests.Web;

/// <summary>A simulator's fault API held in memory, as <c>PUT /faults</c> and <c>GET /faults</c> would keep it.</summary>
internal sealed class FakeFaultControl(bool available = true) : IFaultControl
{
    public bool IsAvailable => available;

    public Dictionary<string, FaultSettings> Faults { get; } = new()
    {
        ["sim-openai"] = new("ok", 500, 10, 0, 1.0, 2),
        ["sim-anthropic"] = new("ok", 500, 10, 0, 1.0, 2),
    };

    public Task<IReadOnlyList<SimulatedProvider>> GetProvidersAsync(CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<SimulatedProvider>>(
            [new("sim-openai", "openai", "sim-gpt"), new("sim-anthropic", "anthropic", "sim-claude")]);

    public Task<IReadOnlyDictionary<string, FaultSettings>> GetFaultsAsync(CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyDictionary<string, FaultSettings>>(new Dictionary<string, FaultSettings>(Faults));

    public Task SetFaultAsync(string provider, FaultSettings fault, CancellationToken cancellationToken)
    {
        Faults[provider] = fault;
        return Task.CompletedTask;
    }

    public Task ClearFaultsAsync(CancellationToken cancellationToken)
    {
        foreach (var name in Faults.Keys.ToList())
        {
            Faults[name] = new("ok", 500, 10, 0, 1.0, 2);
        }

        return Task.CompletedTask;
    }
}
