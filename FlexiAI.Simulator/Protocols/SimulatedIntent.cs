namespace FlexiAI.Simulator.Protocols;

/// <summary>What kind of answer a request asks for, decided by <see cref="IntentRules"/>.</summary>
/// <param name="ToolName">Call this tool (its <paramref name="Schema"/> gives the arguments); null for a text answer.</param>
/// <param name="Schema">The tool's parameter schema, or the JSON output's schema (raw JSON; null: any object).</param>
/// <param name="JsonOutput">Answer with JSON text (OpenAI <c>response_format</c>) instead of words.</param>
internal sealed record SimulatedIntent(string? ToolName, string? Schema, bool JsonOutput)
{
    public static readonly SimulatedIntent Text = new(null, null, false);
}
