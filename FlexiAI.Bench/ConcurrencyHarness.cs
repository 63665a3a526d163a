using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace FlexiAI.Bench;

/// <summary>
/// The long-stream regime: the simulator streaming slowly (first token after 200 ms, a chunk every 25 ms), YARP and the
/// gateway (breaker sync on, admission limit out of the way) in front of it, <c>wrk</c> holding N streams open, at
/// rising N, YARP and the gateway in alternation within the run. Per row: streams/s, whole-stream p50/p99 (wrk),
/// first-chunk p50/p99 (16 extra streams read by this harness), non-2xx answers and socket errors, CPU per stream, the
/// proxy's peak RSS and GC heap while the streams are open, and memory per open stream (the RSS slope from the previous
/// N). Last, a burst on the gateway with its admission limit (default settings): what it admits, what it refuses, and
/// whether it survives.
/// <c>dotnet run -c Release --project FlexiAI.Bench -- concurrency [seconds per row] [N...] [burst N]</c>
/// (needs <c>wrk</c> and <c>redis-server</c>; every process needs about 2 file descriptors per stream: <c>ulimit -n</c>).
/// <c>FLEXIAI_BENCH_GATEWAY_ENV="NAME=value;..."</c> adds environment variables to the gateway alone (GC experiments).
/// </summary>
public static class ConcurrencyHarness
{
    private const int TimeToFirstTokenMs = 200;
    private const int ChunkDelayMs = 25;
    private const int Probes = 16;

    public static async Task<int> RunAsync(int seconds, int[] levels, int burst)
    {
        using var redis = BenchRedis.Start();
        var root = LoadHarness.RepositoryRoot();
        var simulatorPort = LoadHarness.FreePort();
        using var simulator = await ServiceProcess.StartAsync(LoadHarness.Dll(root, "FlexiAI.Simulator"), simulatorPort,
            [$"--Simulator:TimeToFirstTokenMs={TimeToFirstTokenMs}", $"--Simulator:ChunkDelayMs={ChunkDelayMs}"]);
        var simulatorUrl = $"http://127.0.0.1:{simulatorPort}";
        var heapFiles = new List<string>();
        Dictionary<string, string> Environment(string? extra)
        {
            var file = Path.Combine(Path.GetTempPath(), $"flexiai-gc-heap-{Guid.NewGuid():N}");
            heapFiles.Add(file);
            var environment = new Dictionary<string, string> { ["FLEXIAI_GC_HEAP"] = file };
            foreach (var pair in (extra ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                environment[pair[..pair.IndexOf('=', StringComparison.Ordinal)]] = pair[(pair.IndexOf('=', StringComparison.Ordinal) + 1)..];
            }
            return environment;
        }
        var gatewayEnvironment = System.Environment.GetEnvironmentVariable("FLEXIAI_BENCH_GATEWAY_ENV");
        var yarpPort = LoadHarness.FreePort();
        var yarpEnvironment = Environment(null);
        using var yarp = await ServiceProcess.StartAsync(LoadHarness.Dll(root, "FlexiAI.Bench.ReferenceProxy"), yarpPort,
            [$"--Upstream={simulatorUrl}/sim-openai/"], yarpEnvironment);
        Task<ServiceProcess> StartGatewayAsync(int port, Dictionary<string, string> environment, params string[] extra) =>
            ServiceProcess.StartAsync(LoadHarness.Dll(root, "FlexiAI.Api"), port,
                [.. LoadHarness.GatewaySettings(simulatorUrl), "--FlexiAI:ReplicaId=concurrency", "--ConnectionStrings:cache=" + redis.ConnectionString, .. extra],
                environment);
        var gatewayPort = LoadHarness.FreePort();
        var gatewayHeap = Environment(gatewayEnvironment);
        using var gateway = await StartGatewayAsync(gatewayPort, gatewayHeap, "--FlexiAI:Limits:MaxConcurrentRequests=1000000");

        var targets = new Target[]
        {
            new("YARP", $"http://127.0.0.1:{yarpPort}/v1/chat/completions", "gpt-4o-mini", yarp, yarpEnvironment["FLEXIAI_GC_HEAP"]),
            new("gateway", $"http://127.0.0.1:{gatewayPort}/v1/chat/completions", "default", gateway, gatewayHeap["FLEXIAI_GC_HEAP"]),
        };
        Console.WriteLine($"Streams: first token after {TimeToFirstTokenMs} ms, a chunk every {ChunkDelayMs} ms; wrk -t2 -cN -d{seconds}s --timeout 60s " +
            $"per row plus {Probes} first-chunk probes; {System.Environment.ProcessorCount} cores; {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC; " +
            $"gateway environment: {gatewayEnvironment ?? "(none)"}");
        foreach (var target in targets)
        {
            await MeasureAsync(target, 200, 3); // warm-up: JIT, pools, connections to the simulator
        }
        var rows = new List<Row>();
        foreach (var level in levels)
        {
            foreach (var target in targets)
            {
                rows.Add(await MeasureAsync(target, level, seconds));
            }
        }
        Print(rows);

        if (burst > 0)
        {
            var burstPort = LoadHarness.FreePort();
            var burstHeap = Environment(gatewayEnvironment);
            using var limited = await StartGatewayAsync(burstPort, burstHeap);
            var target = new Target("gateway, default limit", $"http://127.0.0.1:{burstPort}/v1/chat/completions", "default", limited, burstHeap["FLEXIAI_GC_HEAP"]);
            await MeasureAsync(target, 200, 3);
            var row = await MeasureAsync(target, burst, seconds);
            Console.WriteLine();
            Console.WriteLine($"Burst: {burst} connections on one gateway with the default FlexiAI:Limits:MaxConcurrentRequests; " +
                $"every refused connection asks again at once:");
            Print([row]);
            Console.WriteLine($"  streams completed {row.Completed}, refused (503) {row.Refused}, gateway {(limited.HasExited ? "DIED" : "alive")} " +
                $"and answering: {await AnswersAsync(burstPort)}");
        }
        foreach (var file in heapFiles)
        {
            File.Delete(file);
        }
        return 0;
    }

    private static async Task<Row> MeasureAsync(Target target, int connections, int seconds)
    {
        var script = await StreamScriptAsync(target.Model);
        try
        {
            var cpuBefore = target.Process.CpuSeconds();
            using var stop = new CancellationTokenSource();
            var peakResident = 0.0;
            var peakHeap = 0.0;
            var sampling = Task.Run(async () =>
            {
                while (!stop.IsCancellationRequested)
                {
                    if (target.Process.HasExited)
                    {
                        return;
                    }
                    peakResident = Math.Max(peakResident, target.Process.ResidentMegabytes());
                    var heap = (await File.ReadAllTextAsync(target.HeapFile)).Split(' ');
                    peakHeap = Math.Max(peakHeap, double.Parse(heap[0], CultureInfo.InvariantCulture) / (1024 * 1024));
                    await Task.Delay(100);
                }
            });
            var probes = Task.Run(() => ProbeAsync(target, TimeSpan.FromSeconds(seconds)));
            var wrk = await LoadHarness.WrkAsync(target.Url, script, seconds, connections, ["--timeout", "60s"]);
            await stop.CancelAsync();
            await sampling;
            var firstChunks = await probes;
            var cpu = target.Process.HasExited ? double.NaN : (target.Process.CpuSeconds() - cpuBefore) * 1e3 / Math.Max(1, wrk.Requests - wrk.Errors);
            return new Row(target.Name, connections, (wrk.Requests - wrk.Errors) / (double)seconds, wrk.P50Ms, wrk.P99Ms,
                PropagationHarness.Percentile(firstChunks, 0.5), PropagationHarness.Percentile(firstChunks, 0.99),
                wrk.Requests - wrk.Errors, wrk.Errors, wrk.SocketErrors, cpu, peakResident, peakHeap);
        }
        finally
        {
            File.Delete(script);
        }
    }

    /// <summary>Time to the first chunk of streams read one after another by <see cref="Probes"/> clients, beside wrk's.</summary>
    private static async Task<List<double>> ProbeAsync(Target target, TimeSpan duration)
    {
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(60) };
        var samples = new List<double>();
        var until = DateTime.UtcNow + duration;
        await Task.WhenAll(Enumerable.Range(0, Probes).Select(async _ =>
        {
            var buffer = new byte[4096];
            while (DateTime.UtcNow < until)
            {
                var started = Stopwatch.GetTimestamp();
                try
                {
                    using var request = new HttpRequestMessage(HttpMethod.Post, target.Url) { Content = new StringContent(Body(target.Model), Encoding.UTF8, "application/json") };
                    using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
                    await using var body = await response.Content.ReadAsStreamAsync();
                    var read = await body.ReadAsync(buffer);
                    if (response.IsSuccessStatusCode && read > 0)
                    {
                        lock (samples)
                        {
                            samples.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                        }
                    }
                    await body.CopyToAsync(Stream.Null);
                }
                catch (HttpRequestException)
                {
                }
            }
        }));
        samples.Sort();
        return samples.Count == 0 ? [double.NaN] : samples;
    }

    private static void Print(List<Row> rows)
    {
        Console.WriteLine();
        Console.WriteLine($"{"target",-22} {"streams",7} {"/s",6} {"p50 s",6} {"p99 s",6} {"1st p50",7} {"1st p99",7} {"non2xx",7} {"sockerr",7} " +
            $"{"CPU ms/str",10} {"RSS MiB",7} {"heap MiB",8} {"KiB/stream",10}");
        foreach (var row in rows)
        {
            var previous = rows.LastOrDefault(r => r.Target == row.Target && r.Connections < row.Connections);
            var slope = previous is null ? "-" : ((row.ResidentMegabytes - previous.ResidentMegabytes) * 1024 / (row.Connections - previous.Connections)).ToString("0.0", CultureInfo.InvariantCulture);
            Console.WriteLine($"{row.Target,-22} {row.Connections,7} {row.StreamsPerSecond,6:0} {row.P50Ms / 1000,6:0.00} {row.P99Ms / 1000,6:0.00} " +
                $"{row.FirstChunkP50Ms / 1000,7:0.00} {row.FirstChunkP99Ms / 1000,7:0.00} {row.Refused,7} {row.SocketErrors,7} {row.CpuMsPerStream,10:0.00} " +
                $"{row.ResidentMegabytes,7:0} {row.HeapMegabytes,8:0} {slope,10}");
        }
        Console.WriteLine("(streams/s counts 2xx answers; p50/p99 = whole stream (wrk), 1st = first chunk (probes); RSS and heap = the proxy's peak while");
        Console.WriteLine(" the row ran (heap = GC heap after the last GC); KiB/stream = RSS slope from the previous row of the same target)");
    }

    private static async Task<string> AnswersAsync(int port)
    {
        try
        {
            using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
            using var response = await client.PostAsync($"http://127.0.0.1:{port}/v1/chat/completions",
                new StringContent(Body("default"), Encoding.UTF8, "application/json"));
            return $"{(int)response.StatusCode}";
        }
        catch (HttpRequestException exception)
        {
            return exception.Message;
        }
    }

    private static string Body(string model) =>
        $$"""{"model":"{{model}}","stream":true,"messages":[{"role":"user","content":"Hello, how are you?"}]}""";

    private static async Task<string> StreamScriptAsync(string model)
    {
        var script = Path.Combine(Path.GetTempPath(), $"flexiai-streams-{Guid.NewGuid():N}.lua");
        await File.WriteAllTextAsync(script, $"""
            wrk.method = "POST"
            wrk.headers["Content-Type"] = "application/json"
            wrk.body = '{Body(model)}'
            """);
        return script;
    }

    private sealed record Target(string Name, string Url, string Model, ServiceProcess Process, string HeapFile);

    private sealed record Row(string Target, int Connections, double StreamsPerSecond, double P50Ms, double P99Ms, double FirstChunkP50Ms,
        double FirstChunkP99Ms, long Completed, int Refused, int SocketErrors, double CpuMsPerStream, double ResidentMegabytes, double HeapMegabytes);
}
