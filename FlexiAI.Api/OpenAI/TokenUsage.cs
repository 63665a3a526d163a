namespace FlexiAI.Api.OpenAI;

public readonly record struct TokenUsage(long PromptTokens, long CompletionTokens)
{
    public long TotalTokens => PromptTokens + CompletionTokens;
}
