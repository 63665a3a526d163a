namespace FlexiAI.Simulator;

/// <summary>One simulated provider: a route prefix, a wire protocol and a default model.</summary>
public sealed class SimulatedProviderOptions
{
    /// <summary>The <c>openai</c> wire protocol (chat completions).</summary>
    public const string OpenAIProtocol = "openai";

    /// <summary>The <c>anthropic</c> wire protocol (messages).</summary>
    public const string AnthropicProtocol = "anthropic";

    /// <summary>Route prefix of the provider: <c>/{Name}/v1/...</c>. Letters, digits, '.', '_' and '-' only.</summary>
    public string Name { get; set; } = "";

    /// <summary><c>openai</c> or <c>anthropic</c>. <value>Default <c>openai</c>.</value></summary>
    public string Protocol { get; set; } = OpenAIProtocol;

    /// <summary>Model name echoed when a request names none. <value>Default <c>sim-model</c>.</value></summary>
    public string Model { get; set; } = "sim-model";
}
