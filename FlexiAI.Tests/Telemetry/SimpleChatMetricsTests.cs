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
        // The exporter may answer a scrape from its short cache: wait (bounded) for a page that has the request.
        List<PrometheusSample> after = [];
        await Eventually.TrueAsync(async () =>
        {
            after = PrometheusText.Samples(await gateway.Client.GetStringAsync("metrics", _ct));
            return PrometheusText.Value(after, "flexiai_requests_total", request) is not null;
        }, "/metrics shows the /chat request");

        Assert.Equal(1, PrometheusText.Value(after, "flexiai_requests_total", request) - (PrometheusText.Value(before, "flexiai_requests_total", request) ?? 0));
        Assert.Equal(1, PrometheusText.Value(after, "flexiai_request_duration_seconds_count", request)
            - (PrometheusText.Value(before, "flexiai_request_duration_seconds_count", request) ?? 0));
        (string, string)[] output = [("provider", MetricsGatewayFixture.OpenAIProvider), ("type", "output")];
        Assert.True(outputTokens > 0);
        Assert.Equal(outputTokens, PrometheusText.Value(after, "flexiai_tokens_total", output) - PrometheusText.Value(before, "flexiai_tokens_total", output));
    }
}
