using FlexiAI.Options;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace FlexiAI.Tests.Routing;

/// <summary>Bad group and continuation settings stop start-up with messages that name them.</summary>
public sealed class GroupSettingsTests
{
    [Theory]
    [InlineData("FlexiAI:Strategy:default", "fastest", "FlexiAI:Strategy:default: 'fastest' is not a strategy (priority, weighted, least-busy, latency)")]
    [InlineData("FlexiAI:Strategy:nosuch", "weighted", "FlexiAI:Strategy:nosuch: names no route")]
    [InlineData("FlexiAI:StreamContinuation:nosuch", "true", "FlexiAI:StreamContinuation:nosuch: names no route")]
    [InlineData("FlexiAI:Providers:0:Weight", "0", "FlexiAI:Providers:0:Weight")]
    public void A_bad_setting_stops_start_up_naming_it(string setting, string value, string message)
    {
        using var services = Services(new() { [setting] = value });

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<FlexiAIOptions>>().Value);

        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("least-busy", GroupStrategy.LeastBusy)]
    [InlineData("Latency", GroupStrategy.Latency)]
    [InlineData("weighted", GroupStrategy.Weighted)]
    [InlineData("priority", GroupStrategy.Priority)]
    public void Each_strategy_is_read_as_written(string value, GroupStrategy expected)
    {
        Assert.True(GroupStrategyNames.TryParse(value, out var strategy));
        Assert.Equal(expected, strategy);
        Assert.Equal(value.ToLowerInvariant(), strategy.ToWire());
    }

    private static ServiceProvider Services(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["FlexiAI:Providers:0:Name"] = "p",
            ["FlexiAI:Providers:0:Model"] = "m",
            ["FlexiAI:Providers:0:Endpoint"] = "http://127.0.0.1:9/v1",
        }.Concat(settings).ToDictionary()).Build();
        return new ServiceCollection().AddLogging().AddFlexiAI(configuration).BuildServiceProvider();
    }
}
