namespace FlexiAI.Api.Apis;

/// <summary><c>POST /chat</c> request: the simple form.</summary>
public sealed record SimpleChatRequest(string? Message, string? SystemMessage, float? Temperature, int? MaxTokens, string? Model);

/// <summary><c>POST /chat</c> response.</summary>
public sealed record SimpleChatResponse(string Content, string Provider, string Model, string ReplicaId, SimpleUsage Usage, DateTimeOffset Timestamp);

public sealed record SimpleUsage(long PromptTokens, long CompletionTokens, long TotalTokens);
