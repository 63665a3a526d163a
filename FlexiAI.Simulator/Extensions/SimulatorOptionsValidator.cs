using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace FlexiAI.Simulator.Extensions;

/// <summary>
/// Checks <c>Simulator:Providers</c> at start-up: names that fit in a URL segment and are unique, and a known
/// protocol. Each failure names the setting, e.g. <c>Simulator:Providers:1:Protocol</c>.
/// </summary>
internal sealed partial class SimulatorOptionsValidator : IValidateOptions<SimulatorOptions>
{
    public ValidateOptionsResult Validate(string? name, SimulatorOptions options)
    {
        var failures = new List<string>();
        var seen = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < options.Providers.Count; i++)
        {
            var setting = $"{SimulatorOptions.SectionName}:Providers:{i}";
            if (options.Providers[i] is not { } provider)
            {
                failures.Add($"{setting} is empty.");
                continue;
            }

            if (string.IsNullOrEmpty(provider.Name) || !NamePattern().IsMatch(provider.Name))
            {
                failures.Add($"{setting}:Name '{provider.Name}' must be non-empty and use only letters, digits, '.', '_' and '-'.");
            }
            else if (seen.TryGetValue(provider.Name, out var first))
            {
                failures.Add($"{setting}:Name '{provider.Name}' duplicates {SimulatorOptions.SectionName}:Providers:{first}:Name (names are case-insensitive).");
            }
            else
            {
                seen[provider.Name] = i;
            }

            if (!string.Equals(provider.Protocol, SimulatedProviderOptions.OpenAIProtocol, StringComparison.OrdinalIgnoreCase)
                && !string.Equals(provider.Protocol, SimulatedProviderOptions.AnthropicProtocol, StringComparison.OrdinalIgnoreCase))
            {
                failures.Add($"{setting}:Protocol '{provider.Protocol}' is not supported; use '{SimulatedProviderOptions.OpenAIProtocol}' or '{SimulatedProviderOptions.AnthropicProtocol}'.");
            }

            if (string.IsNullOrWhiteSpace(provider.Model))
            {
                failures.Add($"{setting}:Model must not be empty.");
            }
        }

        return failures.Count > 0 ? ValidateOptionsResult.Fail(failures) : ValidateOptionsResult.Success;
    }

    [GeneratedRegex("^[A-Za-z0-9._-]+$")]
    private static partial Regex NamePattern();
}
