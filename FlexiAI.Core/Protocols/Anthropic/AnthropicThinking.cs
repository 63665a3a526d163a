using Microsoft.Extensions.AI;

namespace FlexiAI.Protocols.Anthropic;

/// <summary>
/// Reasoning effort as an extended-thinking budget (<c>thinking.budget_tokens</c>): low 1024 (the API's minimum),
/// medium 4096, high 16384, extra high 32768; none: no thinking. The answer's thinking blocks are not returned.
/// </summary>
internal static class AnthropicThinking
{
    public const int Low = 1024;
    public const int Medium = 4096;
    public const int High = 16384;
    public const int ExtraHigh = 32768;

    public static int? Budget(ReasoningOptions? reasoning) => reasoning?.Effort switch
    {
        ReasoningEffort.Low => Low,
        ReasoningEffort.Medium => Medium,
        ReasoningEffort.High => High,
        ReasoningEffort.ExtraHigh => ExtraHigh,
        _ => null,
    };
}
