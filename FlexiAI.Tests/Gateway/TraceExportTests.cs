using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using FlexiAI.Api;
using FlexiAI.Tests.Infrastructure;
using FlexiAI.Tests.Simulator;
using OpenTelemetry;
using OpenTelemetry.Trace;

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

    [Fact]
    public async Task The_framework_spans_carry_http_attributes_and_probes_scrapes_and_polls_record_none()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var simulator = new SimulatorFixture();
        await simulator.InitializeAsync();
        var exported = new ConcurrentQueue<Activity>();
        await using var gateway = GatewayApp.Create(
        [
            "--urls", "http://127.0.0.1:0",
            "--Logging:LogLevel:Default=Warning",
            "--OTEL_EXPORTER_OTLP_ENDPOINT=" + simulator.BaseAddress.ToString().TrimEnd('/'),
            "--OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf",
            .. GatewayArguments.Provider(0, SimulatorFixture.OpenAIProvider, "OpenAI", "gpt-4o-mini", 1,
                new Uri(simulator.ProviderAddress(SimulatorFixture.OpenAIProvider), "v1"), TimeSpan.FromSeconds(5)),
        ], builder => builder.Services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddProcessor(new ExportedSpans(exported))));
        await gateway.StartAsync(ct);
        var address = new Uri(gateway.Urls.First());
        using var client = new HttpClient { BaseAddress = address };

        // One connection, one request after the other: each request's span has ended before the next one is read.
        foreach (var path in (string[])["health", "health/ready", "health/live", "metrics", "cluster"])
        {
            using var ignored = await client.GetAsync(path, ct);
        }
        using (var answer = await client.PostAsJsonAsync("v1/chat/completions",
            new { model = "default", messages = new[] { new { role = "user", content = "Trace me" } } }, ct))
        {
            answer.EnsureSuccessStatusCode();
        }

        // Spans of other gateways in this test process reach the same processor: this gateway's are told by its port.
        bool Mine(Activity span) => span.GetTagItem("server.port") is int port && port == address.Port;
        Activity? server = null;
        await Eventually.TrueAsync(() => Task.FromResult((server = exported.FirstOrDefault(s => Mine(s) && s.Kind == ActivityKind.Server
            && (string?)s.GetTagItem("url.path") == "/v1/chat/completions")) is not null), "the chat request's server span is exported");

        Assert.Equal("Microsoft.AspNetCore", server!.Source.Name);
        Assert.Equal("POST", server.GetTagItem("http.request.method"));
        Assert.Equal(200, server.GetTagItem("http.response.status_code"));
        Assert.Equal("/v1/chat/completions", server.GetTagItem("http.route"));
        Assert.Equal("POST /v1/chat/completions", server.DisplayName);
        // In the same trace: this test's own call to the gateway (its HttpClient is traced too) and the gateway's call to
        // the provider, under the gateway's attempt span.
        var provider = simulator.ProviderAddress(SimulatorFixture.OpenAIProvider).ToString();
        var providerCall = exported.Single(s => s.TraceId == server.TraceId && s.Source.Name == "System.Net.Http"
            && ((string?)s.GetTagItem("url.full"))?.StartsWith(provider, StringComparison.Ordinal) == true);
        Assert.Equal(ActivityKind.Client, providerCall.Kind);
        Assert.Equal("POST", providerCall.GetTagItem("http.request.method"));
        Assert.Equal(200, providerCall.GetTagItem("http.response.status_code"));
        var attempt = exported.Single(s => s.SpanId == providerCall.ParentSpanId);
        Assert.Equal("FlexiAI", attempt.Source.Name);
        Assert.Equal(server.SpanId, attempt.ParentSpanId);
        var operational = exported.Where(s => Mine(s) && s.Kind == ActivityKind.Server && (string?)s.GetTagItem("url.path") != "/v1/chat/completions")
            .Select(s => (string?)s.GetTagItem("url.path")).ToList();
        Assert.Empty(operational);
        await gateway.StopAsync(ct);
    }

    /// <summary>What an exporter would receive: the spans that end recorded (exporters skip the others).</summary>
    private sealed class ExportedSpans(ConcurrentQueue<Activity> spans) : BaseProcessor<Activity>
    {
        public override void OnEnd(Activity data)
        {
            if (data.Recorded)
            {
                spans.Enqueue(data);
            }
        }
    }

    private static async Task<(long Exports, long Bytes)> TracesAsync(SimulatorFixture simulator, CancellationToken cancellationToken)
    {
        var traces = (await simulator.Client.GetFromJsonAsync<JsonElement>("telemetry-sink", cancellationToken)).GetProperty("traces");
        return (traces.GetProperty("exports").GetInt64(), traces.GetProperty("bytes").GetInt64());
    }
}
