using System.Diagnostics;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using FlexiAI.Api;
using FlexiAI.Simulator;

namespace FlexiAI.Bench;

/// <summary>
/// Latency of the response cache through a gateway: the simulator and a gateway (cache on, Redis: a redis-server) in this
/// process over loopback HTTP, one client sending one request at a time. Per round and kind a batch of requests:
/// <c>bypass</c> (no lookup, no store: the plain path), <c>miss</c> (new content: lookup, provider, store),
/// <c>hit</c> (the miss batch again), and the same for streams (the body read to its end). Prints p50/p99 per kind.
/// <c>dotnet run -c Release --project FlexiAI.Bench -- cache [requests per kind] [provider latency ms]</c>
/// </summary>
public static class CacheHarness
{
    private const int Rounds = 5;

    public static async Task<int> RunAsync(int requests, int providerLatencyMs)
    {
        using var redis = BenchRedis.Start();
        await using var simulator = SimulatorApp.Create(["--urls", "http://127.0.0.1:0", "--Logging:LogLevel:Default=Warning"]);
        await simulator.StartAsync();
        var simulatorUrl = simulator.Urls.First().TrimEnd('/');
        using (var control = new HttpClient { BaseAddress = new Uri(simulatorUrl + "/") })
        {
            (await control.PutAsJsonAsync("faults/sim-openai", new { mode = "ok", latency_ms = providerLatencyMs })).EnsureSuccessStatusCode();
        }
        await using var gateway = GatewayApp.Create(
        [
            "--urls", "http://127.0.0.1:0", "--Logging:LogLevel:Default=Warning", "--FlexiAI:ReplicaId=bench",
            "--ConnectionStrings:cache=" + redis.ConnectionString, "--FlexiAI:Cache:Enabled=true",
            "--FlexiAI:Providers:0:Name=sim-openai", "--FlexiAI:Providers:0:Kind=OpenAI", "--FlexiAI:Providers:0:Model=gpt-4o-mini",
            $"--FlexiAI:Providers:0:Endpoint={simulatorUrl}/sim-openai/v1",
        ]);
        await gateway.StartAsync();
        using var client = new HttpClient { BaseAddress = new Uri(gateway.Urls.First().TrimEnd('/') + "/") };
        while (!(await client.GetFromJsonAsync<JsonElement>("providers")).GetProperty("sync").GetProperty("connected").GetBoolean())
        {
            await Task.Delay(10);
        }

        var kinds = new[] { "bypass", "miss", "hit", "stream bypass", "stream miss", "stream hit" };
        var latencies = kinds.ToDictionary(k => k, _ => new List<double>());
        var batch = Math.Max(1, requests / Rounds);
        for (var round = 0; round <= Rounds; round++)
        {
            foreach (var stream in new[] { false, true })
            {
                var prefix = stream ? "stream " : "";
                var contents = Enumerable.Range(0, batch).Select(_ => "How are you? " + Guid.NewGuid().ToString("N")).ToList();
                var bypass = await MeasureAsync(client, contents.Select(c => c + " (bypass)"), stream, "bypass");
                var miss = await MeasureAsync(client, contents, stream, "miss");
                var hit = await MeasureAsync(client, contents, stream, "hit");
                if (round == 0)
                {
                    continue; // warm-up
                }
                latencies[prefix + "bypass"].AddRange(bypass);
                latencies[prefix + "miss"].AddRange(miss);
                latencies[prefix + "hit"].AddRange(hit);
            }
        }

        Console.WriteLine($"{Rounds} rounds x {batch} sequential requests per kind, provider latency {providerLatencyMs} ms, " +
            $"Redis {redis.ConnectionString}, {Environment.ProcessorCount} cores");
        Console.WriteLine($"{"kind",-14} {"p50 ms",8} {"p99 ms",8} {"mean ms",8}");
        foreach (var (kind, values) in latencies)
        {
            values.Sort();
            Console.WriteLine($"{kind,-14} {Percentile(values, 0.50),8:0.000} {Percentile(values, 0.99),8:0.000} {values.Average(),8:0.000}");
        }
        await gateway.StopAsync();
        await simulator.StopAsync();
        return 0;
    }

    /// <param name="expected">The <c>x-flexiai-cache</c> every answer must carry (<c>bypass</c> is asked for).</param>
    private static async Task<List<double>> MeasureAsync(HttpClient client, IEnumerable<string> contents, bool stream, string expected)
    {
        var results = new List<double>();
        foreach (var content in contents)
        {
            var body = JsonSerializer.Serialize(new { model = "default", stream, messages = new[] { new { role = "user", content } } });
            using var request = new HttpRequestMessage(HttpMethod.Post, "v1/chat/completions")
            {
                Content = new StringContent(body, Encoding.UTF8, "application/json"),
            };
            if (expected == "bypass")
            {
                request.Headers.Add("x-flexiai-cache", "bypass");
            }
            var started = Stopwatch.GetTimestamp();
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
            await response.Content.ReadAsByteArrayAsync();
            results.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            var cache = response.Headers.TryGetValues("x-flexiai-cache", out var values) ? values.Single() : "none";
            if (!response.IsSuccessStatusCode || cache != expected)
            {
                throw new InvalidOperationException($"expected a {expected}, got {(int)response.StatusCode} with x-flexiai-cache: {cache}");
            }
        }
        return results;
    }

    private static double Percentile(List<double> sorted, double p) => sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];
}
