using System.Net.Http.Json;
using FlexiAI.Tests.Infrastructure;

namespace FlexiAI.Tests.Telemetry;

/// <summary>
/// <c>flexiai_requests_in_flight</c>, the autoscaler's signal, is observed from the replica's slot count when /metrics is
/// scraped: it shows a request while the provider holds it, and goes back to zero after.
/// </summary>
public sealed class InFlightGaugeTests(MetricsGatewayFixture gateway) : IClassFixture<MetricsGatewayFixture>
{
    private readonly CancellationToken _ct = TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_gauge_counts_a_request_while_the_provider_holds_it()
    {
        await gateway.Simulator.ResetAsync(_ct);
        Assert.Equal<double?>(0, await InFlightAsync());
        await gateway.Simulator.SetFaultAsync(MetricsGatewayFixture.OpenAIProvider, new { mode = "ok", latency_ms = 3000 }, _ct);

        var held = gateway.Client.PostAsJsonAsync("chat", new { message = "Hold me." }, _ct);
        await Eventually.TrueAsync(async () => await InFlightAsync() == 1, "/metrics shows the held request in flight");

        using (var response = await held)
        {
            response.EnsureSuccessStatusCode();
        }
        await gateway.Simulator.ResetAsync(_ct);
        await Eventually.TrueAsync(async () => await InFlightAsync() == 0, "/metrics shows nothing in flight after the answer");
    }

    private async Task<double?> InFlightAsync() =>
        PrometheusText.Value(PrometheusText.Samples(await gateway.Client.GetStringAsync("metrics", _ct)), "flexiai_requests_in_flight");
}
