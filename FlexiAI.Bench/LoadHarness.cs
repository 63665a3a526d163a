using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace FlexiAI.Bench;

/// <summary>
/// Load through real processes on loopback, in alternation within one run: the simulator directly (zero latency), a
/// YARP pass-through proxy (the reference), the gateway on the pass-through path (breaker sync on, off, and with its
/// spans exported over OTLP to the simulator's sink), a gateway translating to the Anthropic protocol, three gateway
/// replicas, and the production configuration (client keys, request and token limits, metrics and sync on, cache off;
/// then with spans exported too, every trace or one in ten). Driven by <c>wrk</c> at fixed concurrency; for
/// every proxy process also CPU time and bytes allocated per request, and resident memory. Then streaming time to
/// first chunk, and failover latency. <c>/v1/embeddings</c> is measured beside YARP forwarding the same request.
/// <c>dotnet run -c Release --project FlexiAI.Bench -- load [seconds per round] [rounds] [connections] [only]</c>
/// (<c>only</c>: just the rows whose name contains it, with the direct and YARP rows; no streaming or failover part)
/// (needs <c>wrk</c> and <c>redis-server</c>: <c>apt-get install wrk redis-server</c>).
/// </summary>
public static partial class LoadHarness
{
    /// <param name="only">When set, only the rows whose name contains it (besides the direct and YARP rows every ratio needs), and none of the streaming and failover harnesses.</param>
    public static async Task<int> RunAsync(int seconds, int rounds, int connections, string? only = null)
    {
        using var redis = BenchRedis.Start();
        var root = RepositoryRoot();
        var simulatorPort = FreePort();
        using var simulator = await ServiceProcess.StartAsync(Dll(root, "FlexiAI.Simulator"), simulatorPort, []);
        var simulatorUrl = $"http://127.0.0.1:{simulatorPort}";
        // Every process a row may measure, started only when a chosen row needs it (ProcessSet).
        using var processes = new ProcessSet();
        var yarpPort = FreePort();
        processes.Declare(Yarp, () => ServiceProcess.StartAsync(Dll(root, "FlexiAI.Bench.ReferenceProxy"), yarpPort, [$"--Upstream={simulatorUrl}/sim-openai/"]));
        // The yardstick of the Messages pass-through row: the same proxy in front of the Anthropic-protocol provider.
        var yarpMessagesPort = FreePort();
        processes.Declare(YarpMessages, () => ServiceProcess.StartAsync(Dll(root, "FlexiAI.Bench.ReferenceProxy"), yarpMessagesPort,
            [$"--Upstream={simulatorUrl}/sim-anthropic/"]));
        var gatewaySettings = GatewaySettings(simulatorUrl);
        void DeclareGateway(string name, int port, bool sync = true, Dictionary<string, string>? environment = null, string[]? extra = null) =>
            processes.Declare(name, () => ServiceProcess.StartAsync(Dll(root, "FlexiAI.Api"), port,
                [.. gatewaySettings, .. extra ?? [], $"--FlexiAI:ReplicaId={name}", .. sync ? ["--ConnectionStrings:cache=" + redis.ConnectionString] : Array.Empty<string>()],
                environment));
        var gatewayPorts = new List<int>();
        for (var i = 0; i < 3; i++)
        {
            gatewayPorts.Add(FreePort());
            DeclareGateway(Replica(i), gatewayPorts[i]);
        }
        var syncOffPort = FreePort();
        DeclareGateway("sync-off", syncOffPort, sync: false);
        // Spans recorded and exported over OTLP/HTTP to the simulator's sink (it drops them): the cost of tracing.
        var exported = new Dictionary<string, string> { ["OTEL_EXPORTER_OTLP_ENDPOINT"] = simulatorUrl, ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf" };
        var tracedPort = FreePort();
        DeclareGateway("traced", tracedPort, environment: exported);
        // Its own process, so that each row's memory is that path's: the translation path loads more code.
        var translatorPort = FreePort();
        DeclareGateway("translator", translatorPort);
        // Production: every control on (keys, request and token limits, metrics, sync; cache off), limits high enough
        // that nothing is refused: what the controls cost when they admit.
        var productionPort = FreePort();
        DeclareGateway(Production, productionPort, extra: ProductionSettings);
        var productionTracedPort = FreePort();
        DeclareGateway("production-traced", productionTracedPort, extra: ProductionSettings, environment: exported);
        // The same with head sampling as production tracing runs it (OpenTelemetry's standard variables): one trace in ten
        // recorded where no caller decided, a caller's sampled traceparent always honoured.
        var sampled = new Dictionary<string, string>(exported) { ["OTEL_TRACES_SAMPLER"] = "parentbased_traceidratio", ["OTEL_TRACES_SAMPLER_ARG"] = "0.1" };
        var productionSampledPort = FreePort();
        DeclareGateway("production-sampled", productionSampledPort, extra: ProductionSettings, environment: sampled);
        var gateway = Replica(0);
        var gatewayUrl = $"http://127.0.0.1:{gatewayPorts[0]}";

        var targets = new Target[]
        {
            new("direct to simulator", [$"{simulatorUrl}/sim-openai/v1/chat/completions"], "gpt-4o-mini", null),
            new(YarpRow, [$"http://127.0.0.1:{yarpPort}/v1/chat/completions"], "gpt-4o-mini", Yarp),
            new("gateway pass-through", [$"{gatewayUrl}/v1/chat/completions"], "default", gateway),
            // Right after the rows they are held against (YARP's CPU and throughput, the default row's p50): this VM's
            // speed drifts by several per cent over a round, so rows measured a minute apart compare the minutes too.
            new("gateway production", [$"http://127.0.0.1:{productionPort}/v1/chat/completions"], "default", Production, Key: ProductionKey,
                LatencyBaseline: "gateway pass-through"),
            new("production, spans", [$"http://127.0.0.1:{productionTracedPort}/v1/chat/completions"], "default", "production-traced", Key: ProductionKey,
                LatencyBaseline: "gateway pass-through"),
            new("production, spans 10 %", [$"http://127.0.0.1:{productionSampledPort}/v1/chat/completions"], "default", "production-sampled",
                Key: ProductionKey, LatencyBaseline: "gateway pass-through"),
            // The yardstick of the streamed rows: the same short request, streamed (about 40 events).
            new("YARP pass-through, SSE", [$"http://127.0.0.1:{yarpPort}/v1/chat/completions"], "gpt-4o-mini", Yarp, TextBody.Replace("\"messages\"", "\"stream\":true,\"messages\"", StringComparison.Ordinal)),
            new("YARP, Messages", [$"http://127.0.0.1:{yarpMessagesPort}/v1/messages"], "claude-sonnet-4-5", YarpMessages, MessagesBody),
            new("gateway Messages pass-through", [$"{gatewayUrl}/v1/messages"], "translate", gateway, MessagesBody, Yardstick: "YARP, Messages"),
            new("gateway, sync off", [$"http://127.0.0.1:{syncOffPort}/v1/chat/completions"], "default", "sync-off"),
            new("gateway, spans exported", [$"http://127.0.0.1:{tracedPort}/v1/chat/completions"], "default", "traced"),
            new("gateway translation", [$"http://127.0.0.1:{translatorPort}/v1/chat/completions"], "translate", "translator"),
            new("translation, tools", [$"http://127.0.0.1:{translatorPort}/v1/chat/completions"], "translate", "translator", ToolsBody(stream: false)),
            new("translation, tools, SSE", [$"http://127.0.0.1:{translatorPort}/v1/chat/completions"], "translate", "translator", ToolsBody(stream: true)),
            new("3 gateway replicas", [.. gatewayPorts.Select(p => $"http://127.0.0.1:{p}/v1/chat/completions")], "default", null,
                Serves: [Replica(0), Replica(1), Replica(2)]),
            // Embeddings as the official clients ask for them (base64 vectors; 1536 dimensions, the simulator's default).
            new("YARP, embeddings", [$"http://127.0.0.1:{yarpPort}/v1/embeddings"], EmbeddingModel, Yarp, EmbeddingsBody),
            new("gateway, embeddings", [$"{gatewayUrl}/v1/embeddings"], EmbeddingModel, gateway, EmbeddingsBody, Yardstick: "YARP, embeddings"),
        };
        if (only is not null)
        {
            var chosen = targets.Where(t => t.Name.Contains(only, StringComparison.OrdinalIgnoreCase)).ToList();
            // With the rows the chosen ones are held against.
            var needed = new HashSet<string>(["direct to simulator", .. chosen.SelectMany(t => new[] { t.YardstickRow, t.LatencyBaseline }).OfType<string>()]);
            targets = [.. targets.Where(t => needed.Contains(t.Name) || chosen.Contains(t))];
        }
        // The streaming and failover parts (whole runs only) use the first replica and the production gateway.
        await processes.StartAsync([.. targets.SelectMany(t => t.Processes), .. only is null ? [gateway, Production] : Array.Empty<string>()]);
        var results = targets.ToDictionary(t => t.Name, _ => new List<Measurement>());
        Console.WriteLine($"wrk -t2 -c{connections} -d{seconds}s per target, {rounds} rounds in alternation (the order reversed every other round) after a warm-up round of {WarmUpSeconds} s; " +
            $"non-streaming chat completions; {Environment.ProcessorCount} cores; {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC");
        for (var round = 0; round <= rounds; round++)
        {
            // Forward in odd rounds, backward in even ones: a drift of the VM's speed over a round then weighs on the
            // rows at both ends alike.
            foreach (var target in round % 2 == 0 && round > 0 ? targets.Reverse() : targets)
            {
                var measurement = await MeasureAsync(target, target.Process is { } name ? processes[name] : null,
                    round == 0 ? WarmUpSeconds : seconds, connections);
                if (round > 0)
                {
                    results[target.Name].Add(measurement);
                }
            }
        }

        var direct = Overall(results["direct to simulator"]);
        Console.WriteLine();
        Console.WriteLine($"{"target",-24} {"req/s",8} {"x YARP",7} {"p50 ms",7} {"p99 ms",7} {"added p50",9} {"CPU us/req",10} {"alloc B/req",11} {"RSS MB",7} {"anon MB",7} {"errors",6}");
        foreach (var target in targets)
        {
            var m = Overall(results[target.Name]);
            var yardstick = Overall(results[target.YardstickRow]);
            Console.WriteLine($"{target.Name,-24} {m.RequestsPerSecond,8:0} {m.RequestsPerSecond / yardstick.RequestsPerSecond,7:0.00} " +
                $"{m.P50Ms,7:0.000} {m.P99Ms,7:0.000} {m.P50Ms - direct.P50Ms,9:0.000} {Format(m.CpuMicrosecondsPerRequest),10} " +
                $"{Format(m.AllocatedBytesPerRequest),11} {Format(m.ResidentMegabytes),7} {Format(m.AnonymousMegabytes),7} {results[target.Name].Sum(r => r.Errors),6}");
        }
        Console.WriteLine("(all rounds together: req/s their mean, CPU and bytes per request their totals over their requests, p50 and p99 their");
        Console.WriteLine(" medians; 'x YARP' against YARP forwarding the same API; 'added p50' = p50 minus the direct p50;");
        Console.WriteLine(" CPU and memory are the proxy process's own;");
        Console.WriteLine(" RSS = VmRSS after the round, anon = its private part (RssAnon): the rest is mapped code shared with other .NET processes)");
        PrintRoundByRound(targets, results);

        if (only is not null)
        {
            return 0;
        }
        await StreamingHarness.RunAsync($"{simulatorUrl}/sim-openai/v1/chat/completions", $"http://127.0.0.1:{yarpPort}/v1/chat/completions",
            $"{gatewayUrl}/v1/chat/completions", $"http://127.0.0.1:{productionPort}/v1/chat/completions", ProductionKey);
        await FailoverLatencyHarness.RunAsync(root, simulatorUrl, redis.ConnectionString);
        return 0;
    }

    /// <param name="process">The proxy process measured (its CPU, allocations and memory); null for none (the simulator directly, several replicas).</param>
    private static async Task<Measurement> MeasureAsync(Target target, ServiceProcess? process, int seconds, int connections)
    {
        var script = await ChatScriptAsync(target.Model, target.Body, target.Key);
        try
        {
            var cpuBefore = process?.CpuSeconds() ?? 0;
            var allocatedBefore = process is null ? 0 : await process.AllocatedBytesAsync();
            var perUrl = Math.Max(1, connections / target.Urls.Length);
            var runs = await Task.WhenAll(target.Urls.Select(url => WrkAsync(url, script, seconds, perUrl)));
            var resident = process?.ResidentMegabytes() ?? double.NaN;
            var anonymous = process?.ResidentMegabytes("RssAnon:") ?? double.NaN;
            var cpu = process is null ? double.NaN : process.CpuSeconds() - cpuBefore;
            var allocated = process is null ? double.NaN : await process.AllocatedBytesAsync() - allocatedBefore;
            return new Measurement(runs.Sum(r => r.RequestsPerSecond), runs.Sum(r => r.Requests), runs.Average(r => r.P50Ms), runs.Max(r => r.P99Ms),
                runs.Sum(r => r.Errors), cpu, allocated, resident, anonymous);
        }
        finally
        {
            File.Delete(script);
        }
    }

    /// <summary>
    /// A wrk script posting one chat completion for <paramref name="model"/>: <paramref name="body"/> (JSON without
    /// single quotes, <c>{model}</c> for the model), or one short non-streaming message; with <paramref name="key"/> as
    /// bearer token when given. The caller deletes it.
    /// </summary>
    internal static async Task<string> ChatScriptAsync(string model, string? body = null, string? key = null)
    {
        var script = Path.Combine(Path.GetTempPath(), $"flexiai-load-{Guid.NewGuid():N}.lua");
        // Lua reads backslashes in a quoted string as escapes: doubled, JSON's own escapes reach the gateway as written.
        var json = (body ?? TextBody).Replace("{model}", model, StringComparison.Ordinal).Replace("\\", "\\\\", StringComparison.Ordinal);
        await File.WriteAllTextAsync(script, $$"""
            wrk.method = "POST"
            wrk.headers["Content-Type"] = "application/json"
            {{(key is null ? "" : $"wrk.headers[\"Authorization\"] = \"Bearer {key}\"")}}
            wrk.body = '{{json}}'
            """);
        return script;
    }

    internal static async Task<WrkResult> WrkAsync(string url, string script, int seconds, int connections, string[]? options = null)
    {
        var start = new ProcessStartInfo("wrk") { RedirectStandardOutput = true, UseShellExecute = false };
        string[] arguments = ["-t2", $"-c{connections}", $"-d{seconds}s", "--latency", .. options ?? [], "-s", script, url];
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        using var process = Process.Start(start) ?? throw new InvalidOperationException("wrk did not start (apt-get install wrk)");
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        return new WrkResult(
            double.Parse(RequestsPerSecond().Match(output).Groups[1].Value, CultureInfo.InvariantCulture),
            long.Parse(RequestsTotal().Match(output).Groups[1].Value, CultureInfo.InvariantCulture),
            Milliseconds(Percentile50().Match(output)), Milliseconds(Percentile99().Match(output)),
            NonSuccess().Match(output) is { Success: true } m ? int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) : 0,
            SocketErrors().Match(output) is { Success: true } e
                ? e.Groups.Values.Skip(1).Sum(g => int.Parse(g.Value, CultureInfo.InvariantCulture)) : 0);
    }

    /// <summary>
    /// The rows held against a latency baseline (issue 15's production rows), round by round against the rows measured
    /// next to them: requests per second and CPU per request against the yardstick, p50 against the baseline.
    /// </summary>
    private static void PrintRoundByRound(Target[] targets, Dictionary<string, List<Measurement>> results)
    {
        foreach (var target in targets.Where(t => t.LatencyBaseline is not null))
        {
            var rows = results[target.Name];
            var yardstick = results[target.YardstickRow];
            var baseline = results[target.LatencyBaseline!];
            Console.WriteLine($"{target.Name}, round by round (x yardstick, CPU us/req against the yardstick's, p50 ms minus {target.LatencyBaseline}'s):");
            // Per round, against the rows measured next to it: the figures printed, counted and summarised below.
            var speeds = rows.Select((m, i) => m.RequestsPerSecond / yardstick[i].RequestsPerSecond).ToArray();
            var cpus = rows.Select((m, i) => m.CpuMicrosecondsPerRequest - yardstick[i].CpuMicrosecondsPerRequest).ToArray();
            var p50s = rows.Select((m, i) => m.P50Ms - baseline[i].P50Ms).ToArray();
            for (var round = 0; round < rows.Count; round++)
            {
                Console.WriteLine(FormattableString.Invariant(
                    $"  round {round + 1}: {speeds[round]:0.00}x, {rows[round].CpuMicrosecondsPerRequest:0} against {yardstick[round].CpuMicrosecondsPerRequest:0}, {p50s[round]:+0.000;-0.000}"));
            }
            Console.WriteLine($"  CPU at or below the yardstick's in {cpus.Count(d => d <= 0)} of {rows.Count} rounds; " +
                $"p50 within 0.05 ms of the baseline's in {p50s.Count(d => d <= 0.05)} of {rows.Count}");
            var (speed, cpu, p50) = (PairedDifference.Of(speeds), PairedDifference.Of(cpus), PairedDifference.Of(p50s));
            Console.WriteLine($"  x yardstick {speed.Format("0.00")}: >= 1.0 {speed.VerdictAtLeast(1.0)}");
            Console.WriteLine($"  CPU us/req minus the yardstick's {cpu.Format("+0;-0;0")}: <= 0 {cpu.VerdictAtMost(0)}");
            Console.WriteLine($"  p50 ms minus the baseline's {p50.Format("+0.000;-0.000;0.000")}: <= 0.05 {p50.VerdictAtMost(0.05)}");
        }
    }

    /// <summary>
    /// A row's rounds together: the mean of their requests per second, CPU and bytes over all their requests, the median
    /// of their p50s and p99s, the memory after the last. Each round of a row lasts as long, and this VM's speed drifts by
    /// up to a fifth within a minute (2026-12-02): one median round, picked by its requests per second, carried that
    /// round's drift into every column, where totals weigh every round's.
    /// </summary>
    private static Measurement Overall(List<Measurement> rounds) => new(
        rounds.Average(r => r.RequestsPerSecond), rounds.Sum(r => r.Requests), MedianOf(rounds, r => r.P50Ms), MedianOf(rounds, r => r.P99Ms),
        rounds.Sum(r => r.Errors), rounds.Sum(r => r.CpuSeconds), rounds.Sum(r => r.AllocatedBytes), rounds[^1].ResidentMegabytes, rounds[^1].AnonymousMegabytes);

    private static double MedianOf(List<Measurement> rounds, Func<Measurement, double> value) =>
        PropagationHarness.Percentile([.. rounds.Select(value).Order()], 0.5);

    private static string Format(double value) => double.IsNaN(value) ? "-" : value.ToString("0", CultureInfo.InvariantCulture);

    private static double Milliseconds(Match match)
    {
        var value = double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
        return match.Groups[2].Value switch { "us" => value / 1000, "s" => value * 1000, _ => value };
    }

    /// <summary>
    /// The benchmark gateway's providers: <c>sim-openai</c> (pass-through, route <c>default</c>; embeddings model
    /// <c>text-embedding-3-small</c>) and
    /// <c>sim-anthropic</c> (translation, route <c>translate</c>), both on the simulator.
    /// </summary>
    internal static string[] GatewaySettings(string simulatorUrl) =>
    [
        "--FlexiAI:Providers:0:Name=sim-openai", "--FlexiAI:Providers:0:Kind=OpenAI", "--FlexiAI:Providers:0:Model=gpt-4o-mini",
        $"--FlexiAI:Providers:0:Endpoint={simulatorUrl}/sim-openai/v1", "--FlexiAI:Providers:0:EmbeddingModel=" + EmbeddingModel,
        "--FlexiAI:Providers:1:Name=sim-anthropic", "--FlexiAI:Providers:1:Kind=Anthropic", "--FlexiAI:Providers:1:Model=claude-sonnet-4-5",
        "--FlexiAI:Providers:1:Priority=200", $"--FlexiAI:Providers:1:Endpoint={simulatorUrl}/sim-anthropic",
        "--FlexiAI:Routes:translate:0=sim-anthropic",
    ];

    /// <summary>
    /// Load on each target before the measured rounds. Long enough for the runtime to finish tiering up what the row
    /// runs: with 2 s, a process that serves one row only (the production gateway) still spent 17 % of its CPU in the JIT
    /// during its first measured round and 5 % in its third (perf, 2026-12-02), while processes serving several rows
    /// (YARP, the default gateway) had warmed up in the others, so the CPU column compared warm against cold.
    /// </summary>
    private const int WarmUpSeconds = 15;

    /// <summary>The client key of the production rows (a benchmark's, not a secret).</summary>
    internal const string ProductionKey = "bench-client-key-0123456789abcdef";

    /// <summary>
    /// The production controls: a client key (and an admin key), per-key limits of 10^9 requests and 2x10^9 tokens a
    /// minute (never reached: the cost of admitting), shared through the same Redis as the breakers.
    /// </summary>
    internal static readonly string[] ProductionSettings =
    [
        "--FlexiAI:Auth:ClientKeys:0=" + ProductionKey, "--FlexiAI:Auth:AdminKeys:0=bench-admin-key-0123456789abcdef",
        "--FlexiAI:RateLimit:RequestsPerMinute=1000000000", "--FlexiAI:RateLimit:TokensPerMinute=2000000000",
    ];

    internal static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "FlexiAI.sln")))
        {
            directory = directory.Parent;
        }
        return directory?.FullName ?? throw new InvalidOperationException("run from the repository");
    }

    internal static string Dll(string root, string project) =>
        Path.Combine(root, project, "bin", "Release", "net10.0", project + ".dll");

    internal static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }

    [GeneratedRegex(@"Requests/sec:\s+([\d.]+)")]
    private static partial Regex RequestsPerSecond();

    [GeneratedRegex(@"(\d+) requests in")]
    private static partial Regex RequestsTotal();

    [GeneratedRegex(@"\s50%\s+([\d.]+)(us|ms|s)")]
    private static partial Regex Percentile50();

    [GeneratedRegex(@"\s99%\s+([\d.]+)(us|ms|s)")]
    private static partial Regex Percentile99();

    [GeneratedRegex(@"Non-2xx or 3xx responses:\s+(\d+)")]
    private static partial Regex NonSuccess();

    [GeneratedRegex(@"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)")]
    private static partial Regex SocketErrors();

    /// <summary>A short non-streaming Anthropic Messages request.</summary>
    private const string MessagesBody = """{"model":"{model}","max_tokens":64,"messages":[{"role":"user","content":"Hello, how are you?"}]}""";

    private const string TextBody = """{"model":"{model}","messages":[{"role":"user","content":"Hello, how are you?"}]}""";

    /// <param name="Body">The request body (see <see cref="ChatScriptAsync"/>); null for the short text request.</param>
    /// <param name="Yardstick">The row its <c>x YARP</c> is measured against (YARP forwarding the same API); null: the chat row.</param>
    /// <param name="Process">The process measured (a name declared in the <see cref="ProcessSet"/>); null for none.</param>
    /// <param name="LatencyBaseline">The row whose p50 this one's is held against, round by round (issue 15's production rows).</param>
    /// <param name="Serves">The processes that serve the row, when other than <paramref name="Process"/> (several replicas).</param>
    private sealed record Target(string Name, string[] Urls, string Model, string? Process, string? Body = null, string? Key = null,
        string? Yardstick = null, string? LatencyBaseline = null, string[]? Serves = null)
    {
        /// <summary>The row its <c>x YARP</c> and CPU are held against.</summary>
        public string YardstickRow => Yardstick ?? YarpRow;

        /// <summary>The processes started for it.</summary>
        public IEnumerable<string> Processes => Serves ?? (Process is null ? [] : [Process]);
    }

    /// <summary>YARP forwarding the short chat request: the yardstick of every row that names no other.</summary>
    private const string YarpRow = "YARP pass-through";

    // The processes more than one row or part uses, by name.
    private const string Yarp = "yarp";
    private const string YarpMessages = "yarp-messages";
    private const string Production = "production";

    private static string Replica(int index) => $"replica-{index + 1}";

    internal const string EmbeddingModel = "text-embedding-3-small";

    internal const string EmbeddingsBody = """{"model":"{model}","input":"The gateway routes every request to a healthy provider.","encoding_format":"base64"}""";

    /// <summary>
    /// What an agent sends in the middle of its tool loop: two tools, the assistant's tool call and its result in the
    /// history (the simulator then answers text that quotes the result).
    /// </summary>
    private static string ToolsBody(bool stream) => """
        {"model":"{model}","stream":{stream},"messages":[
        {"role":"system","content":"You are a travel assistant."},
        {"role":"user","content":"What is the weather in Paris, and should I pack an umbrella?"},
        {"role":"assistant","content":null,"tool_calls":[{"id":"call_1","type":"function","function":{"name":"get_weather","arguments":"{\"location\":\"Paris\",\"unit\":\"celsius\"}"}}]},
        {"role":"tool","tool_call_id":"call_1","content":"15 degrees, light rain"}],
        "tools":[
        {"type":"function","function":{"name":"get_weather","description":"Current weather in a city","parameters":{"type":"object","properties":{"location":{"type":"string"},"unit":{"type":"string","enum":["celsius","fahrenheit"]}},"required":["location"]}}},
        {"type":"function","function":{"name":"get_forecast","description":"Forecast for the next days","parameters":{"type":"object","properties":{"location":{"type":"string"},"days":{"type":"integer","minimum":1}},"required":["location","days"]}}}]}
        """.ReplaceLineEndings("").Replace("{stream}", stream ? "true" : "false", StringComparison.Ordinal);


    internal sealed record WrkResult(double RequestsPerSecond, long Requests, double P50Ms, double P99Ms, int Errors, int SocketErrors);

    /// <param name="CpuSeconds">The proxy's CPU time over the round (NaN without one); <paramref name="AllocatedBytes"/> likewise.</param>
    private sealed record Measurement(double RequestsPerSecond, long Requests, double P50Ms, double P99Ms, int Errors,
        double CpuSeconds, double AllocatedBytes, double ResidentMegabytes, double AnonymousMegabytes)
    {
        public double CpuMicrosecondsPerRequest => CpuSeconds * 1e6 / Requests;

        public double AllocatedBytesPerRequest => AllocatedBytes / Requests;
    }
}
