namespace FlexiAI.Options;

/// <summary>The wire protocol a provider speaks.</summary>
public enum ProviderKind
{
    /// <summary>
    /// OpenAI Chat Completions: OpenAI, Azure OpenAI's v1 endpoint, Gemini's and Ollama's OpenAI endpoints, vLLM,
    /// and the simulator's OpenAI providers. OpenAI-protocol requests to these are passed through byte for byte.
    /// </summary>
    OpenAI,

    /// <summary>Anthropic Messages: Anthropic and the simulator's Anthropic providers. Reached by translation.</summary>
    Anthropic,
}
