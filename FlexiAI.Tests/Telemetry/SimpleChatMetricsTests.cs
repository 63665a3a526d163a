using System.Net.Http.Json;
using FlexiAI.Tests.Infrastructure;

namespace FlexiAI.Tests.Telemetry;

/// <summary><c>POST /chat</c> counts requests and tokens like <c>/v1/chat/completions</c>.</summary>
public sealed class SimpleChatMetricsTests(MetricsGatewayFixture gateway) : IClassFixture<MetricsGatewayFixture>
{
    private readonly CancellationToken _ct = TestContext.Current.CancellationToken;

    [Fact]
    public async Task Chat_counts_the_request_its_duration_and_its_tokens()
    {
        await gateway.Simulator.ResetAsync(_ct);
        var before = PrometheusText.Samples(await gateway.Client.GetStringAsync("metrics", _ct));

        using var response = await gateway.Client.PostAsJsonAsync("chat", new { message = "Count me." }, _ct);
        response.EnsureSuccessStatusCode();
        var answer = await response.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>(_ct);
        var outputTokens = answer.GetProperty("usage").GetProperty("completion_tokens").GetDouble();
        (string, string)[] request = [("endpoint", "chat"), ("provider", MetricsGatewayFixture.OpenAIProvider), ("status", "200")];
        // The exporter may answer a scrape from its short cache: wait (bounded) for a page that has the request (the
        // series may exist already: the other test of this class sends one too).
        List<PrometheusSample> after = [];
        await Eventually.TrueAsync(async () =>
        {
            after = PrometheusText.Samples(await gateway.Client.GetStringAsync("metrics", _ct));
            return PrometheusText.Value(after, "flexiai_requests_total", request) > (PrometheusText.Value(before, "flexiai_requests_total", request) ?? 0);
        }, "/metrics shows the /chat request");

        Assert.Equal(1, PrometheusText.Value(after, "flexiai_requests_total", request) - (PrometheusText.Value(before, "flexiai_requests_total", request) ?? 0));
        Assert.Equal(1, PrometheusText.Value(after, "flexiai_request_duration_seconds_count", request)
            - (PrometheusText.Value(before, "flexiai_request_duration_seconds_count", request) ?? 0));
        (string, string)[] output = [("provider", MetricsGatewayFixture.OpenAIProvider), ("type", "output")];
        Assert.True(outputTokens > 0);
        Assert.Equal(outputTokens, PrometheusText.Value(after, "flexiai_tokens_total", output) - PrometheusText.Value(before, "flexiai_tokens_total", output));
    }

    [Fact]
    public async Task Metrics_that_repeat_the_gateways_own_are_left_out()
    {
        using (var response = await gateway.Client.PostAsJsonAsync("chat", new { message = "Count me too." }, _ct))
        {
            response.EnsureSuccessStatusCode();
        }
        // After a request that the gateway served with a call to its provider through its HttpClient:
        List<PrometheusSample> samples = [];
        await Eventually.TrueAsync(async () =>
        {
            samples = PrometheusText.Samples(await gateway.Client.GetStringAsync("metrics", _ct));
            return samples.Any(s => s.Name == "flexiai_requests_total" && s.Labels.GetValueOrDefault("endpoint") == "chat");
        }, "/metrics shows the /chat request");

        Assert.Contains(samples, s => s.Name == "http_server_request_duration_seconds_count" && s.Labels.GetValueOrDefault("http_route") == "/chat");
        Assert.Contains(samples, s => s.Name == "flexiai_requests_in_flight");
        Assert.DoesNotContain(samples, s => s.Name.StartsWith("http_server_active_requests", StringComparison.Ordinal));
        Assert.DoesNotContain(samples, s => s.Name.StartsWith("http_client_", StringComparison.Ordinal));
        Assert.DoesNotContain(samples, s => s.Name.StartsWith("aspnetcore_routing_", StringComparison.Ordinal));
    }
}
