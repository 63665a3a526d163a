namespace FlexiAI.Simulator.Providers;

/// <summary>One entry of <c>GET /providers</c>.</summary>
internal sealed record ProviderInfo(string Name, string Protocol, string Model);
