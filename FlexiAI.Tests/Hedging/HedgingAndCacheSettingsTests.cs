using FlexiAI.Options;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace FlexiAI.Tests.Hedging;

/// <summary>Bad hedging and cache settings stop start-up with messages that name them.</summary>
public sealed class HedgingAndCacheSettingsTests
{
    [Theory]
    [InlineData("FlexiAI:Hedging:nosuch:Delay", "00:00:01", "FlexiAI:Hedging:nosuch: names no route")]
    [InlineData("FlexiAI:Hedging:default:Delay", "00:00:00", "FlexiAI:Hedging:default:Delay: must be more than 0")]
    [InlineData("FlexiAI:Hedging:default:MaxParallel", "1", "FlexiAI:Hedging:default:MaxParallel")]
    [InlineData("FlexiAI:Cache:Ttl", "00:00:00", "FlexiAI:Cache:Ttl: must be between 1 second and 30 days")]
    [InlineData("FlexiAI:Cache:Routes:nosuch", "00:01:00", "FlexiAI:Cache:Routes:nosuch: names no route")]
    [InlineData("FlexiAI:Cache:Routes:default", "-00:00:01", "FlexiAI:Cache:Routes:default: must be 0 (never cache)")]
    [InlineData("FlexiAI:Cache:MaxEntryBytes", "10", "FlexiAI:Cache:MaxEntryBytes")]
    [InlineData("FlexiAI:Limits:MaxConcurrentRequests", "0", "FlexiAI:Limits:MaxConcurrentRequests")]
    public void A_bad_setting_stops_start_up_naming_it(string setting, string value, string message)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["FlexiAI:Providers:0:Name"] = "p",
            ["FlexiAI:Providers:0:Model"] = "m",
            ["FlexiAI:Providers:0:Endpoint"] = "http://127.0.0.1:9/v1",
            [setting] = value,
        }).Build();
        using var services = new ServiceCollection().AddLogging().AddFlexiAI(configuration).BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<FlexiAIOptions>>().Value);

        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }
}
