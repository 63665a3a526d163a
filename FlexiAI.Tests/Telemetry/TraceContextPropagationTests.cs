using System.Net;
using System.Text;
using FlexiAI.Tests.Infrastructure;
using FlexiAI.Tests.Simulator;

namespace FlexiAI.Tests.Telemetry;

/// <summary>
/// The trace context reaches the provider only when the gateway records spans: with tracing off, HttpClient's activity
/// per provider request and its <c>traceparent</c> header are left out (ServiceDefaults); with an OTLP endpoint the
/// provider request carries the caller's trace, and with head sampling (OpenTelemetry's variables) its decision. Gateways
/// as processes, started while no other test runs (two process start-ups on 2 cores slow the timing-sensitive tests
/// beside them).
/// </summary>
[Collection(nameof(TraceContextPropagationTests))]
public sealed class TraceContextPropagationTests : IAsyncLifetime
{
    private const string CallerTraceId = "4bf92f3577b34da6a3ce929d0e0e4736";
    private const string SampledCallerTraceparent = $"00-{CallerTraceId}-00f067aa0ba902b7-01";
    private readonly CancellationToken _ct = TestContext.Current.CancellationToken;
    private readonly SimulatorFixture _simulator = new();

    public ValueTask InitializeAsync() => _simulator.InitializeAsync();

    public ValueTask DisposeAsync() => _simulator.DisposeAsync();

    [Fact]
    public async Task Without_tracing_no_traceparent_is_sent_to_the_provider()
    {
        var headers = await ProviderHeadersAsync(tracing: false);

        Assert.False(headers.ContainsKey("traceparent"), string.Join(", ", headers.Keys));
    }

    [Fact]
    public async Task With_tracing_the_provider_request_carries_the_callers_trace()
    {
        var headers = await ProviderHeadersAsync(tracing: true);

        Assert.True(headers.TryGetValue("traceparent", out var traceparent), string.Join(", ", headers.Keys));
        Assert.StartsWith($"00-{CallerTraceId}-", traceparent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_head_sampling_a_callers_sampled_trace_is_recorded_and_an_unsampled_root_is_not()
    {
        // OpenTelemetry's standard variables, as an operator sets them (README, "Traces"): no trace of the
        // gateway's own recorded (ratio 0), a caller's sampled one always. The provider sees the decision in the flags of
        // the traceparent it gets.
        using var gateway = await StartAsync(tracing: true, "--OTEL_TRACES_SAMPLER=parentbased_traceidratio", "--OTEL_TRACES_SAMPLER_ARG=0");
        using var client = new HttpClient { BaseAddress = gateway.BaseAddress, Timeout = TimeSpan.FromSeconds(10) };

        var sampled = await ProviderHeadersAsync(client, SampledCallerTraceparent);
        Assert.True(sampled.TryGetValue("traceparent", out var kept), string.Join(", ", sampled.Keys));
        Assert.Matches($"^00-{CallerTraceId}-[0-9a-f]{{16}}-01$", kept);

        var root = await ProviderHeadersAsync(client, traceparent: null);
        Assert.True(!root.TryGetValue("traceparent", out var unsampled) || unsampled.EndsWith("-00", StringComparison.Ordinal),
            $"an unsampled root reached the provider as {unsampled}");
    }

    /// <summary>The headers the provider got for one chat completion sent with a caller's <c>traceparent</c>.</summary>
    private async Task<Dictionary<string, string>> ProviderHeadersAsync(bool tracing)
    {
        using var gateway = await StartAsync(tracing);
        using var client = new HttpClient { BaseAddress = gateway.BaseAddress, Timeout = TimeSpan.FromSeconds(10) };
        return await ProviderHeadersAsync(client, SampledCallerTraceparent);
    }

    /// <summary>A gateway process in front of the simulator, ready; with an OTLP endpoint (the simulator's sink) when <paramref name="tracing"/>.</summary>
    private async Task<GatewayProcess> StartAsync(bool tracing, params string[] extra)
    {
        var gateway = GatewayProcess.Start(
        [
            .. GatewayArguments.Provider(0, SimulatorFixture.OpenAIProvider, "OpenAI", "gpt-4o-mini", 1,
                new Uri(_simulator.ProviderAddress(SimulatorFixture.OpenAIProvider), "v1"), TimeSpan.FromSeconds(5)),
            "--Logging:LogLevel:Default=Warning",
            .. tracing
                ? new[] { "--OTEL_EXPORTER_OTLP_ENDPOINT=" + _simulator.BaseAddress.ToString().TrimEnd('/'), "--OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf" }
                : [],
            .. extra,
        ]);
        try
        {
            using var client = new HttpClient { BaseAddress = gateway.BaseAddress, Timeout = TimeSpan.FromSeconds(10) };
            await Eventually.TrueAsync(async () => await ReadyAsync(client), "the gateway is ready: " + gateway.Output, TimeSpan.FromSeconds(60));
            return gateway;
        }
        catch
        {
            gateway.Dispose();
            throw;
        }
    }

    /// <summary>The headers the provider got for one chat completion sent with <paramref name="traceparent"/> (none when null).</summary>
    private async Task<Dictionary<string, string>> ProviderHeadersAsync(HttpClient client, string? traceparent)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "v1/chat/completions")
        {
            Content = new StringContent("""{"model":"default","messages":[{"role":"user","content":"hi"}]}""", Encoding.UTF8, "application/json"),
        };
        if (traceparent is not null)
        {
            request.Headers.Add("traceparent", traceparent);
        }
        using var response = await client.SendAsync(request, _ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        return (await _simulator.LastRequestAsync(SimulatorFixture.OpenAIProvider, _ct)).Headers;
    }

    private async Task<bool> ReadyAsync(HttpClient client)
    {
        try
        {
            using var response = await client.GetAsync("health/ready", _ct);
            return response.IsSuccessStatusCode;
        }
        catch (HttpRequestException)
        {
            return false;
        }
    }
}

/// <summary>Runs <see cref="TraceContextPropagationTests"/> alone, after the tests that run in parallel.</summary>
[CollectionDefinition(nameof(TraceContextPropagationTests), DisableParallelization = true)]
public sealed class TraceContextPropagationRunsAlone;
