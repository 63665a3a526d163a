namespace FlexiAI.Api.OpenAI;

/// <summary>A complete non-streaming answer in OpenAI's format, ready to write to the caller.</summary>
public sealed record CompletionPayload(ReadOnlyMemory<byte> Body, string ContentType, TokenUsage? Usage);
