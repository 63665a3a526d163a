using System.ComponentModel.DataAnnotations;

namespace FlexiAI.Options;

/// <summary>The <c>FlexiAI</c> configuration section.</summary>
public sealed class FlexiAIOptions
{
    public const string SectionName = "FlexiAI";

    /// <summary>The route name that means "every provider in priority order".</summary>
    public const string DefaultRoute = "default";

    /// <summary>The providers; at least one.</summary>
    public List<ProviderOptions> Providers { get; set; } = [];

    /// <summary>
    /// Model aliases: the <c>model</c> a caller sends, mapped to the providers to try in that order.
    /// <c>default</c> (all providers by priority) always exists unless redefined here.
    /// </summary>
    public Dictionary<string, List<string>> Routes { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    [Required]
    public CircuitBreakerOptions CircuitBreaker { get; set; } = new();

    [Required]
    public RedisOptions Redis { get; set; } = new();

    [Required]
    public AuthOptions Auth { get; set; } = new();

    [Required]
    public LimitsOptions Limits { get; set; } = new();

    [Required]
    public RateLimitOptions RateLimit { get; set; } = new();

    [Required]
    public CacheOptions Cache { get; set; } = new();

    [Required]
    public ShutdownOptions Shutdown { get; set; } = new();

    [Required]
    public HealthOptions Health { get; set; } = new();

    /// <summary>Hedged requests, per route name (<c>default</c> or a key of <see cref="Routes"/>). Routes not listed are not hedged.</summary>
    public Dictionary<string, HedgingOptions> Hedging { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// Per route name (<c>default</c> or a key of <see cref="Routes"/>): true moves a request that a provider's content
    /// policy rejected (<c>content_filter</c>, <c>content_policy_violation</c>) on to the next provider. Routes not listed
    /// return the rejection to the caller as the provider sent it.
    /// </summary>
    public Dictionary<string, bool> ContentPolicyFailover { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>This replica's id; default from the environment (Aspire's instance id, the pod name, or host and process).</summary>
    public string? ReplicaId { get; set; }
}
