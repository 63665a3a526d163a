using System.Net.Http.Json;
using System.Text.Json;
using FlexiAI.Api;
using FlexiAI.Tests.Infrastructure;
using FlexiAI.Tests.Simulator;

namespace FlexiAI.Tests.Gateway;

/// <summary>
/// With an OTLP endpoint configured, the gateway records and exports its spans (here to the simulator's OTLP sink, which
/// the load harness uses to measure the cost of tracing).
/// </summary>
public sealed class TraceExportTests
{
    [Fact]
    public async Task With_an_otlp_endpoint_spans_reach_the_receiver()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var simulator = new SimulatorFixture();
        await simulator.InitializeAsync();
        await using var gateway = GatewayApp.Create(
        [
            "--urls", "http://127.0.0.1:0",
            "--Logging:LogLevel:Default=Warning",
            "--OTEL_EXPORTER_OTLP_ENDPOINT=" + simulator.BaseAddress.ToString().TrimEnd('/'),
            "--OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf",
            "--OTEL_BSP_SCHEDULE_DELAY=200",
            .. GatewayArguments.Provider(0, SimulatorFixture.OpenAIProvider, "OpenAI", "gpt-4o-mini", 1,
                new Uri(simulator.ProviderAddress(SimulatorFixture.OpenAIProvider), "v1"), TimeSpan.FromSeconds(5)),
        ]);
        await gateway.StartAsync(ct);
        using var client = new HttpClient { BaseAddress = new Uri(gateway.Urls.First().TrimEnd('/') + "/") };
        var (before, bytesBefore) = await TracesAsync(simulator, ct);

        using var answer = await client.PostAsJsonAsync("v1/chat/completions",
            new { model = "default", messages = new[] { new { role = "user", content = "Trace me" } } }, ct);
        answer.EnsureSuccessStatusCode();

        await Eventually.TrueAsync(async () => (await TracesAsync(simulator, ct)).Exports > before, "the gateway exported its spans",
            TimeSpan.FromSeconds(15));
        Assert.True((await TracesAsync(simulator, ct)).Bytes > bytesBefore, "the exports carried spans");
        await gateway.StopAsync(ct);
    }

    private static async Task<(long Exports, long Bytes)> TracesAsync(SimulatorFixture simulator, CancellationToken cancellationToken)
    {
        var traces = (await simulator.Client.GetFromJsonAsync<JsonElement>("telemetry-sink", cancellationToken)).GetProperty("traces");
        return (traces.GetProperty("exports").GetInt64(), traces.GetProperty("bytes").GetInt64());
    }
}
