namespace FlexiAI.Protocols.OpenAI;

/// <param name="PromptTokens">Input tokens, cached ones included.</param>
/// <param name="CompletionTokens">Output tokens.</param>
/// <param name="CachedTokens">Input tokens read from the provider's prompt cache (<c>prompt_tokens_details.cached_tokens</c>).</param>
public readonly record struct TokenUsage(long PromptTokens, long CompletionTokens, long CachedTokens = 0)
{
    public long TotalTokens => PromptTokens + CompletionTokens;

    /// <summary>Tags the attempt's span with the OpenTelemetry GenAI usage attributes (a span not recorded gets none).</summary>
    public void Tag(System.Diagnostics.Activity? activity)
    {
        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag("gen_ai.usage.input_tokens", PromptTokens);
            activity.SetTag("gen_ai.usage.output_tokens", CompletionTokens);
        }
    }
}
