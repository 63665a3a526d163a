using System.Collections.Concurrent;

namespace FlexiAI.Simulator.Apis;

/// <summary>
/// An OTLP/HTTP receiver that accepts and drops what it is sent (<c>POST /v1/traces</c>, <c>/v1/metrics</c>,
/// <c>/v1/logs</c>), so a gateway can be measured with its spans really exported (the load harness points
/// <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> here) without a collector on the machine. <c>GET /telemetry-sink</c> counts the
/// export calls and bytes per signal, since this simulator started.
/// </summary>
internal static class TelemetrySinkApi
{
    private static readonly string[] Signals = ["traces", "metrics", "logs"];

    public static IEndpointRouteBuilder MapTelemetrySinkApi(this IEndpointRouteBuilder app)
    {
        // One set of counters per simulator (tests run several in one process).
        var counts = new ConcurrentDictionary<string, SignalCounts>(Signals.Select(s => KeyValuePair.Create(s, new SignalCounts())));
        var otlp = app.MapGroup("/v1").WithTags("Telemetry sink");
        foreach (var signal in Signals)
        {
            otlp.MapPost("/" + signal, (HttpRequest request, CancellationToken cancellationToken) => AcceptAsync(counts[signal], request, cancellationToken));
        }
        app.MapGet("/telemetry-sink", () => TypedResults.Ok(counts.ToDictionary(c => c.Key, c => new
        {
            exports = Interlocked.Read(ref c.Value.Exports),
            bytes = Interlocked.Read(ref c.Value.Bytes),
        })));
        return app;
    }

    /// <summary>Reads the export whole and answers an empty (successful) OTLP response.</summary>
    private static async Task<IResult> AcceptAsync(SignalCounts counts, HttpRequest request, CancellationToken cancellationToken)
    {
        var buffer = new byte[16 * 1024];
        long total = 0;
        int read;
        while ((read = await request.Body.ReadAsync(buffer, cancellationToken)) > 0)
        {
            total += read;
        }
        Interlocked.Increment(ref counts.Exports);
        Interlocked.Add(ref counts.Bytes, total);
        return Results.Bytes([], "application/x-protobuf");
    }

    private sealed class SignalCounts
    {
        public long Exports;
        public long Bytes;
    }
}
