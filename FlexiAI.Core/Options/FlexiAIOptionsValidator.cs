using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace FlexiAI.Options;

/// <summary>
/// Validates the whole <c>FlexiAI</c> section at start-up. Every message names the setting, as it is written in
/// configuration (<c>FlexiAI:Providers:0:Endpoint</c>), so a bad value is found without reading code.
/// </summary>
internal sealed class FlexiAIOptionsValidator : IValidateOptions<FlexiAIOptions>
{
    public ValidateOptionsResult Validate(string? name, FlexiAIOptions options)
    {
        var errors = new List<string>();
        const string Section = FlexiAIOptions.SectionName;

        if (options.Providers.Count == 0)
        {
            errors.Add($"{Section}:Providers: at least one provider must be configured.");
        }

        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < options.Providers.Count; i++)
        {
            var provider = options.Providers[i];
            var prefix = $"{Section}:Providers:{i}";
            ValidateAnnotations(provider, prefix, errors);
            if (!string.IsNullOrEmpty(provider.Name) && !names.Add(provider.Name))
            {
                errors.Add($"{prefix}:Name: '{provider.Name}' is used by more than one provider.");
            }
            if (provider.Endpoint is { } endpoint &&
                (!endpoint.IsAbsoluteUri || (endpoint.Scheme != Uri.UriSchemeHttp && endpoint.Scheme != Uri.UriSchemeHttps)))
            {
                errors.Add($"{prefix}:Endpoint: must be an absolute http or https URL.");
            }
            if (!Enum.IsDefined(provider.Kind))
            {
                errors.Add($"{prefix}:Kind: must be OpenAI or Anthropic.");
            }
            if (provider.Timeout <= TimeSpan.Zero || provider.Timeout > TimeSpan.FromMinutes(30))
            {
                errors.Add($"{prefix}:Timeout: must be between 0 and 30 minutes (was {provider.Timeout}).");
            }
            if (provider.EmbeddingModel is { } embeddingModel &&
                (provider.Kind != ProviderKind.OpenAI || string.IsNullOrWhiteSpace(embeddingModel)))
            {
                errors.Add($"{prefix}:EmbeddingModel: must be a non-empty model name, on an OpenAI-kind provider only (embeddings are passed through, never translated).");
            }
        }

        foreach (var (route, members) in options.Routes)
        {
            if (members is null || members.Count == 0)
            {
                errors.Add($"{Section}:Routes:{route}: must list at least one provider.");
                continue;
            }
            foreach (var member in members.Where(m => !names.Contains(m)))
            {
                errors.Add($"{Section}:Routes:{route}: names unknown provider '{member}'.");
            }
        }

        ValidateCache(options, errors);
        ValidateHedging(options, errors);
        foreach (var route in options.ContentPolicyFailover.Keys.Where(route => !IsRoute(options, route)))
        {
            errors.Add($"{Section}:ContentPolicyFailover:{route}: names no route ('default' or a key of FlexiAI:Routes).");
        }

        ValidateKeys(options.Auth.ClientKeys, $"{Section}:Auth:ClientKeys", errors);
        ValidateKeys(options.Auth.AdminKeys, $"{Section}:Auth:AdminKeys", errors);

        ValidateAnnotations(options.CircuitBreaker, $"{Section}:CircuitBreaker", errors);
        ValidateAnnotations(options.Limits, $"{Section}:Limits", errors);
        ValidateAnnotations(options.RateLimit, $"{Section}:RateLimit", errors);
        ValidateAnnotations(options.Shutdown, $"{Section}:Shutdown", errors);
        if (options.CircuitBreaker.RecoveryTimeout <= TimeSpan.Zero)
        {
            errors.Add($"{Section}:CircuitBreaker:RecoveryTimeout: must be positive.");
        }
        if (options.CircuitBreaker.AuthFailureRecoveryTimeout <= TimeSpan.Zero)
        {
            errors.Add($"{Section}:CircuitBreaker:AuthFailureRecoveryTimeout: must be positive.");
        }
        if (string.IsNullOrWhiteSpace(options.Redis.KeyPrefix) || options.Redis.KeyPrefix.IndexOfAny(['{', '}', ' ']) >= 0)
        {
            errors.Add($"{Section}:Redis:KeyPrefix: must be non-empty without spaces or braces.");
        }
        if (options.Redis.ReconcileInterval <= TimeSpan.Zero)
        {
            errors.Add($"{Section}:Redis:ReconcileInterval: must be positive.");
        }
        if (options.Redis.OperationTimeout <= TimeSpan.Zero || options.Redis.OperationTimeout > TimeSpan.FromSeconds(5))
        {
            errors.Add($"{Section}:Redis:OperationTimeout: must be between 0 and 5 seconds.");
        }
        if (string.IsNullOrWhiteSpace(options.Redis.ConnectionName))
        {
            errors.Add($"{Section}:Redis:ConnectionName: must not be empty.");
        }
        if (options.Redis.StateTtl < TimeSpan.FromMinutes(1))
        {
            errors.Add($"{Section}:Redis:StateTtl: must be at least one minute.");
        }
        ValidateRedisConnection(options.Redis, errors);

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static void ValidateCache(FlexiAIOptions options, List<string> errors)
    {
        const string Setting = FlexiAIOptions.SectionName + ":Cache";
        ValidateAnnotations(options.Cache, Setting, errors);
        if (options.Cache.Ttl < TimeSpan.FromSeconds(1) || options.Cache.Ttl > CacheOptions.MaxTtl)
        {
            errors.Add($"{Setting}:Ttl: must be between 1 second and 30 days (was {options.Cache.Ttl}).");
        }
        foreach (var (route, ttl) in options.Cache.Routes)
        {
            if (!IsRoute(options, route))
            {
                errors.Add($"{Setting}:Routes:{route}: names no route ('default' or a key of FlexiAI:Routes).");
            }
            if (ttl != TimeSpan.Zero && (ttl < TimeSpan.FromSeconds(1) || ttl > CacheOptions.MaxTtl))
            {
                errors.Add($"{Setting}:Routes:{route}: must be 0 (never cache) or between 1 second and 30 days (was {ttl}).");
            }
        }
    }

    private static void ValidateHedging(FlexiAIOptions options, List<string> errors)
    {
        foreach (var (route, hedging) in options.Hedging)
        {
            var setting = $"{FlexiAIOptions.SectionName}:Hedging:{route}";
            if (hedging is null)
            {
                errors.Add($"{setting}: must set Delay.");
                continue;
            }
            if (!IsRoute(options, route))
            {
                errors.Add($"{setting}: names no route ('default' or a key of FlexiAI:Routes).");
            }
            ValidateAnnotations(hedging, setting, errors);
            if (hedging.Delay <= TimeSpan.Zero || hedging.Delay > HedgingOptions.MaxDelay)
            {
                errors.Add($"{setting}:Delay: must be more than 0 and at most 10 minutes (was {hedging.Delay}).");
            }
        }
    }

    private static bool IsRoute(FlexiAIOptions options, string route) =>
        string.Equals(route, FlexiAIOptions.DefaultRoute, StringComparison.OrdinalIgnoreCase) ||
        options.Routes.Keys.Any(name => string.Equals(name, route, StringComparison.OrdinalIgnoreCase));

    /// <summary>Keys are secrets: the messages say which entry is wrong, never its value.</summary>
    private static void ValidateKeys(List<string> keys, string setting, List<string> errors)
    {
        for (var i = 0; i < keys.Count; i++)
        {
            if (string.IsNullOrEmpty(keys[i]) || keys[i].Length < 16 || keys[i].Any(char.IsWhiteSpace))
            {
                errors.Add($"{setting}:{i}: a key must be at least 16 characters without spaces.");
            }
        }
    }

    private static void ValidateAnnotations(object instance, string prefix, List<string> errors)
    {
        var results = new List<ValidationResult>();
        if (Validator.TryValidateObject(instance, new ValidationContext(instance), results, validateAllProperties: true))
        {
            return;
        }
        foreach (var result in results)
        {
            var member = result.MemberNames.FirstOrDefault() ?? "?";
            errors.Add($"{prefix}:{member}: {result.ErrorMessage}");
        }
    }

    /// <summary>The connection string parses and the private CA file exists; neither message echoes the (secret) string.</summary>
    private static void ValidateRedisConnection(RedisOptions redis, List<string> errors)
    {
        if (string.IsNullOrWhiteSpace(redis.ConnectionString))
        {
            return;
        }
        try
        {
            StackExchange.Redis.ConfigurationOptions.Parse(redis.ConnectionString);
        }
        catch (ArgumentException exception)
        {
            errors.Add($"ConnectionStrings:{redis.ConnectionName} (or {FlexiAIOptions.SectionName}:Redis:ConnectionString): not a valid Redis connection string: {exception.Message}");
        }
        if (redis.TlsCaCertificatePath is { Length: > 0 } caPath && !File.Exists(caPath))
        {
            errors.Add($"{FlexiAIOptions.SectionName}:Redis:TlsCaCertificatePath: no file at '{caPath}'.");
        }
    }
}
