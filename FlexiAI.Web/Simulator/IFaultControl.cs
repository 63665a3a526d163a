namespace FlexiAI.Web.Simulator;

/// <summary>The simulator's fault controls, when a simulator is configured.</summary>
public interface IFaultControl
{
    /// <summary>Whether a simulator is configured; the fault panel is hidden when not.</summary>
    bool IsAvailable { get; }

    /// <summary><c>GET /providers</c> on the simulator.</summary>
    Task<IReadOnlyList<SimulatedProvider>> GetProvidersAsync(CancellationToken cancellationToken);

    /// <summary><c>GET /faults</c>: the fault of every provider (healthy ones have mode <c>ok</c>).</summary>
    Task<IReadOnlyDictionary<string, FaultSettings>> GetFaultsAsync(CancellationToken cancellationToken);

    /// <summary><c>PUT /faults/{provider}</c>.</summary>
    Task SetFaultAsync(string provider, FaultSettings fault, CancellationToken cancellationToken);

    /// <summary><c>DELETE /faults</c>: every provider healthy.</summary>
    Task ClearFaultsAsync(CancellationToken cancellationToken);
}
