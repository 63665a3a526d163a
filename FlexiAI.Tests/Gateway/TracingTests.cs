using System.Collections.Concurrent;
using System.Diagnostics;

namespace FlexiAI.Tests.Gateway;

/// <summary>
/// One trace per request with a client span per provider attempt (OpenTelemetry GenAI attributes), the failed attempt
/// marked as an error: what the Aspire dashboard shows for a failover.
/// </summary>
public sealed class TracingTests(GatewayFixture gateway) : IClassFixture<GatewayFixture>, IDisposable
{
    private readonly ConcurrentQueue<Activity> _stopped = new();
    private ActivityListener? _listener;

    [Fact]
    public async Task A_failover_is_one_trace_with_a_span_per_attempt()
    {
        var ct = TestContext.Current.CancellationToken;
        await gateway.ResetAsync(ct);
        _listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name is "FlexiAI" or "Microsoft.AspNetCore",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = _stopped.Enqueue,
        };
        ActivitySource.AddActivityListener(_listener);
        await gateway.Simulator.SetFaultAsync(GatewayFixture.OpenAIProvider, new { mode = "error", status = 503 }, ct);

        // The request is sent inside a trace of the test's own, so that spans of tests running beside this one
        // (other gateways and in-process clients in this process) are told apart by their trace.
        ActivityTraceId trace;
        using (var root = new Activity("tracing-test").SetIdFormat(ActivityIdFormat.W3C).Start())
        {
            trace = root.TraceId;
            using var response = await gateway.ChatAsync(cancellationToken: ct);
            Assert.True(response.IsSuccessStatusCode);
        }

        var attempts = _stopped.Where(a => a.TraceId == trace && a.Source.Name == "FlexiAI" && a.OperationName.StartsWith("chat ", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, attempts.Count);
        // Both attempts hang under the gateway's server span for the request.
        var server = _stopped.Single(a => a.SpanId == attempts[0].ParentSpanId);
        Assert.Equal("Microsoft.AspNetCore", server.Source.Name);
        Assert.Equal(ActivityKind.Server, server.Kind);
        Assert.All(attempts, a => Assert.Equal(server.TraceId, a.TraceId));
        Assert.All(attempts, a => Assert.Equal(ActivityKind.Client, a.Kind));
        var parents = string.Join("; ", attempts.Select(a => $"{a.GetTagItem("flexiai.provider")} <- " +
            string.Join(",", _stopped.Where(p => p.SpanId == a.ParentSpanId).Select(p => $"{p.Source.Name}/{p.DisplayName}"))));
        Assert.True(attempts.All(a => a.ParentSpanId == server.SpanId), parents);

        var failed = attempts.Single(a => (string?)a.GetTagItem("flexiai.provider") == GatewayFixture.OpenAIProvider);
        Assert.Equal(ActivityStatusCode.Error, failed.Status);
        Assert.Equal("server_error", failed.GetTagItem("error.type"));
        Assert.Equal("openai", failed.GetTagItem("gen_ai.system"));
        Assert.Equal(1, failed.GetTagItem("flexiai.attempt"));

        var answered = attempts.Single(a => (string?)a.GetTagItem("flexiai.provider") == GatewayFixture.AnthropicProvider);
        Assert.NotEqual(ActivityStatusCode.Error, answered.Status);
        Assert.Equal("anthropic", answered.GetTagItem("gen_ai.system"));
        Assert.Equal("chat", answered.GetTagItem("gen_ai.operation.name"));
        Assert.Equal("claude-sonnet-4-5", answered.GetTagItem("gen_ai.request.model"));
        Assert.True((long)answered.GetTagItem("gen_ai.usage.output_tokens")! > 0);
    }

    public void Dispose() => _listener?.Dispose();
}
