namespace FlexiAI.Web.Gateway;

/// <summary>The body of a streamed <c>POST /v1/chat/completions</c>.</summary>
public sealed record ChatCompletionRequest(
    string Model,
    IReadOnlyList<ChatMessage> Messages,
    double? Temperature,
    int? MaxTokens)
{
    public bool Stream => true;

    public StreamOptions StreamOptions { get; } = new(IncludeUsage: true);
}
