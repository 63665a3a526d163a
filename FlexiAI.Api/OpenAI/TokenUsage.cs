namespace FlexiAI.Api.OpenAI;

public readonly record struct TokenUsage(long PromptTokens, long CompletionTokens)
{
    public long TotalTokens => PromptTokens + CompletionTokens;

    /// <summary>Tags the attempt's span with the OpenTelemetry GenAI usage attributes.</summary>
    public void Tag(System.Diagnostics.Activity? activity)
    {
        activity?.SetTag("gen_ai.usage.input_tokens", PromptTokens);
        activity?.SetTag("gen_ai.usage.output_tokens", CompletionTokens);
    }
}
