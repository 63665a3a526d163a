namespace FlexiAI.Simulator.Protocols;

/// <summary>The answer to one call, before it is put in a protocol's wire format.</summary>
/// <param name="Id">Protocol-prefixed id, deterministic for provider, last user message and the call number (OpenAI) or the
/// request's model, limits, size and tool (Anthropic: the same request, the same answer).</param>
/// <param name="Model">The model named in the request, or the provider's default.</param>
/// <param name="Created">Unix time (seconds) of the answer.</param>
/// <param name="Words">The words of the answer; <see cref="Text"/> joins them with single spaces.</param>
/// <param name="Truncated">Whether max tokens cut the answer (finish_reason <c>length</c>, stop_reason <c>max_tokens</c>).</param>
/// <param name="PromptTokens">Estimated prompt tokens.</param>
/// <param name="Provider">The provider's name.</param>
/// <param name="Call">The call number within the provider (1-based, since start or the last stats reset).</param>
/// <param name="ToolName">A tool-call answer: the tool called (then <see cref="Words"/> are the pieces of its arguments' JSON).</param>
/// <param name="ToolCallId">The call's id (<c>call_...</c>; the Anthropic protocol writes it as <c>toolu_...</c>).</param>
internal sealed record Answer(
    string Id,
    string Model,
    long Created,
    IReadOnlyList<string> Words,
    bool Truncated,
    int PromptTokens,
    string Provider,
    long Call,
    string? ToolName = null,
    string? ToolCallId = null)
{
    /// <summary>A tool call's arguments: the whole JSON text.</summary>
    public string ToolArguments => string.Concat(Words);

    public string Text => string.Join(' ', Words);

    public int CompletionTokens => Words.Count;

    /// <summary>The text of word <paramref name="index"/> as streamed: followed by a space unless it is the last.</summary>
    public string Chunk(int index) => index < Words.Count - 1 ? Words[index] + " " : Words[index];
}
