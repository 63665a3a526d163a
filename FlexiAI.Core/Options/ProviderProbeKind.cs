namespace FlexiAI.Options;

/// <summary>What a background recovery probe sends to a provider (<c>Providers:N:Probe</c>).</summary>
public enum ProviderProbeKind
{
    /// <summary>A chat completion of one token in the provider's protocol (<c>max_tokens: 1</c>): the path users take.</summary>
    Chat,

    /// <summary>A models list (<c>GET /models</c>, Anthropic <c>GET /v1/models</c>): free, but proves less (not the model, not generation).</summary>
    Models,
}
