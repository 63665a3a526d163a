using System.Net.Http.Json;
using FlexiAI.Routing;
using FlexiAI.Tests.Infrastructure;

namespace FlexiAI.Tests.Telemetry;

/// <summary>Signals that mean what they say: counter series exist before the first event; the breaker gauge is the stored state.</summary>
public sealed class MetricSeriesTests(MetricsGatewayFixture gateway) : IClassFixture<MetricsGatewayFixture>
{
    private static readonly string[] Providers = [MetricsGatewayFixture.OpenAIProvider, MetricsGatewayFixture.DeadProvider];

    private readonly CancellationToken _ct = TestContext.Current.CancellationToken;

    [Fact]
    public async Task Every_counter_series_exists_at_zero_from_start()
    {
        // No request has been sent to this gateway yet (the other test of this class only opens a breaker by hand).
        var samples = PrometheusText.Samples(await gateway.Client.GetStringAsync("metrics", _ct));

        Assert.NotEmpty(ProviderFailure.ErrorTypes);
        foreach (var provider in Providers)
        {
            foreach (var errorType in ProviderFailure.ErrorTypes)
            {
                Assert.Equal(0, PrometheusText.Value(samples, "flexiai_provider_failures_total", ("provider", provider), ("error_type", errorType)));
            }
            Assert.Equal(0, PrometheusText.Value(samples, "flexiai_fallbacks_total", ("provider", provider)));
            Assert.Equal(0, PrometheusText.Value(samples, "flexiai_tokens_total", ("provider", provider), ("type", "input")));
            Assert.Equal(0, PrometheusText.Value(samples, "flexiai_tokens_total", ("provider", provider), ("type", "output")));
        }
    }

    [Fact]
    public async Task An_open_breaker_reads_open_after_its_recovery_time_until_a_probe_is_taken()
    {
        using (var opened = await gateway.Client.PostAsync($"providers/{MetricsGatewayFixture.DeadProvider}/open", null, _ct))
        {
            opened.EnsureSuccessStatusCode();
        }
        var retryAt = (await ProviderAsync(MetricsGatewayFixture.DeadProvider)).GetProperty("retry_at").GetDateTimeOffset();
        await Eventually.TrueAsync(() => DateTimeOffset.UtcNow > retryAt + TimeSpan.FromMilliseconds(200), "the recovery time has passed");

        var samples = PrometheusText.Samples(await gateway.Client.GetStringAsync("metrics", _ct));

        Assert.Equal(2, PrometheusText.Value(samples, "flexiai_circuit_breaker_state", ("provider", MetricsGatewayFixture.DeadProvider)));
        // /providers tells the effective state: a probe may go out now.
        var view = await ProviderAsync(MetricsGatewayFixture.DeadProvider);
        Assert.Equal("HALF_OPEN", view.GetProperty("circuit_state").GetString());
    }

    private async Task<System.Text.Json.JsonElement> ProviderAsync(string name)
    {
        var report = await gateway.Client.GetFromJsonAsync<System.Text.Json.JsonElement>("providers", _ct);
        return report.GetProperty("providers").EnumerateArray().Single(p => p.GetProperty("name").GetString() == name).Clone();
    }
}
