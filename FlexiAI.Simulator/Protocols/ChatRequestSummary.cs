namespace FlexiAI.Simulator.Protocols;

/// <summary>What the simulator needs from a chat request, whatever its protocol.</summary>
/// <param name="Model">The requested model, or <see langword="null"/> to echo the provider's default.</param>
/// <param name="Stream">Whether the client asked for server-sent events.</param>
/// <param name="IncludeUsage">OpenAI <c>stream_options.include_usage</c>.</param>
/// <param name="MaxTokens">Upper bound on the words of the answer, when given.</param>
/// <param name="PromptTokens">Estimated prompt tokens: ceil(characters of all message text / 4) + 3 per message.</param>
/// <param name="LastUserText">Text of the last user message ("" when there is none; a tool result's text when it holds one).</param>
/// <param name="Intent">Text, a tool call or JSON output (<see cref="IntentRules"/>); null: text.</param>
/// <param name="Embeddings">An embeddings request: what to embed (null for chat).</param>
internal sealed record ChatRequestSummary(
    string? Model,
    bool Stream,
    bool IncludeUsage,
    int? MaxTokens,
    int PromptTokens,
    string LastUserText,
    SimulatedIntent? Intent = null,
    EmbeddingsInput? Embeddings = null);
