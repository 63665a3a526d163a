using System.ComponentModel.DataAnnotations;

namespace FlexiAI.Options;

/// <summary>One upstream LLM provider.</summary>
public sealed class ProviderOptions
{
    /// <summary>Unique name; appears in headers, metrics and <c>/providers</c>. Letters, digits, '-', '_' and '.'.</summary>
    [Required, RegularExpression("^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")]
    public string Name { get; set; } = "";

    /// <summary>The protocol the provider speaks.</summary>
    public ProviderKind Kind { get; set; } = ProviderKind.OpenAI;

    /// <summary>The provider's model that requests are sent to (replaces the caller's route name).</summary>
    [Required]
    public string Model { get; set; } = "";

    /// <summary>Lower is tried first. Default 100.</summary>
    [Range(0, 1_000_000)]
    public int Priority { get; set; } = 100;

    /// <summary>
    /// Base URL. OpenAI kind: the URL that <c>/chat/completions</c> is appended to (for example
    /// <c>https://api.openai.com/v1</c>). Anthropic kind: the URL that <c>/v1/messages</c> is appended to
    /// (for example <c>https://api.anthropic.com</c>).
    /// </summary>
    [Required]
    public Uri? Endpoint { get; set; }

    /// <summary>Secret. Sent as <c>Authorization: Bearer</c> (OpenAI) or <c>x-api-key</c> (Anthropic). Never logged.</summary>
    public string? ApiKey { get; set; }

    /// <summary>Per-attempt timeout: until the whole answer (non-streaming) or the first chunk and then between chunks (streaming). Default 30 s.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// The model's context window in tokens, if known. When a provider answers that a request is too long for it, the
    /// request moves on to the next provider of the route whose context window is larger; unset = unknown (never chosen
    /// for a request that was too long).
    /// </summary>
    [Range(1, 1_000_000_000)]
    public int? ContextWindow { get; set; }

    /// <summary>
    /// What a background recovery probe sends (with <c>CircuitBreaker:ProbeMode=Background</c>): a one-token chat
    /// completion (default) or a models list.
    /// </summary>
    public ProviderProbeKind Probe { get; set; } = ProviderProbeKind.Chat;

    /// <summary>
    /// OpenAI kind only: the provider's embeddings model. A provider with one serves <c>POST /v1/embeddings</c>
    /// (<c>{Endpoint}/embeddings</c>); without one it is never sent an embeddings request.
    /// </summary>
    public string? EmbeddingModel { get; set; }

    public override string ToString() => $"{Name} ({Kind}, {Model}, priority {Priority})";
}
