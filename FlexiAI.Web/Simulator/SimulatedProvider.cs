namespace FlexiAI.Web.Simulator;

/// <summary>A provider the simulator serves (<c>GET /providers</c> on the simulator); same name as in the gateway.</summary>
public sealed record SimulatedProvider(string Name, string Protocol, string Model);
