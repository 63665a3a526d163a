using FlexiAI.Options;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace FlexiAI.Tests.SharedState;

/// <summary>The <c>FlexiAI:Redis</c> settings, their former name <c>FlexiAI:Sync</c>, and the bad values that stop start-up.</summary>
public sealed class RedisSettingsTests
{
    [Fact]
    public void Settings_are_read_under_Redis_and_under_the_former_name_Sync_with_Redis_winning()
    {
        var options = Bind(new()
        {
            ["FlexiAI:Sync:KeyPrefix"] = "old-prefix",
            ["FlexiAI:Sync:ReconcileInterval"] = "00:00:07",
            ["FlexiAI:Redis:KeyPrefix"] = "new-prefix",
            ["FlexiAI:Redis:OperationTimeout"] = "00:00:00.200",
            ["ConnectionStrings:cache"] = "127.0.0.1:1",
        });

        Assert.Equal("new-prefix", options.Redis.KeyPrefix);
        Assert.Equal(TimeSpan.FromSeconds(7), options.Redis.ReconcileInterval);
        Assert.Equal(TimeSpan.FromMilliseconds(200), options.Redis.OperationTimeout);
        Assert.Equal("127.0.0.1:1", options.Redis.ConnectionString);
    }

    [Theory]
    [InlineData("FlexiAI:Redis:TlsCaCertificatePath", "/nonexistent/ca.pem", "FlexiAI:Redis:TlsCaCertificatePath: no file at '/nonexistent/ca.pem'")]
    [InlineData("FlexiAI:Redis:KeyPrefix", "has space", "FlexiAI:Redis:KeyPrefix")]
    [InlineData("FlexiAI:Redis:OperationTimeout", "00:00:06", "FlexiAI:Redis:OperationTimeout")]
    [InlineData("ConnectionStrings:cache", "127.0.0.1:1,nosuchoption=secret-value", "ConnectionStrings:cache (or FlexiAI:Redis:ConnectionString): not a valid Redis connection string")]
    public void A_bad_Redis_setting_stops_start_up_naming_it(string setting, string value, string message)
    {
        var error = Assert.Throws<OptionsValidationException>(() => Bind(new()
        {
            ["ConnectionStrings:cache"] = "127.0.0.1:1,ssl=true",
            [setting] = value,
        }));

        Assert.Contains(message, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("secret-value", error.Message, StringComparison.Ordinal);
    }

    private static FlexiAIOptions Bind(Dictionary<string, string?> settings)
    {
        settings["FlexiAI:Providers:0:Name"] = "p";
        settings["FlexiAI:Providers:0:Model"] = "m";
        settings["FlexiAI:Providers:0:Endpoint"] = "http://127.0.0.1:9/v1";
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        using var services = new ServiceCollection().AddLogging().AddFlexiAI(configuration).BuildServiceProvider();
        return services.GetRequiredService<IOptions<FlexiAIOptions>>().Value;
    }
}
