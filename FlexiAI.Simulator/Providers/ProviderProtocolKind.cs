namespace FlexiAI.Simulator.Providers;

/// <summary>The wire protocol a simulated provider speaks.</summary>
internal enum ProviderProtocolKind
{
    OpenAI,
    Anthropic,
}
