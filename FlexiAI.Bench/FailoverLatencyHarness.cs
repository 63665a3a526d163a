using System.Diagnostics;
using System.Net.Http.Json;
using System.Text;

namespace FlexiAI.Bench;

/// <summary>
/// What a request costs when the primary is down: its breaker OPEN (skipped without a call), failing fast before the
/// breaker opens (a 500, then failover), and timing out before the breaker opens (the attempt timeout, then failover).
/// One gateway process (sync on), the simulator as both providers; sequential requests.
/// </summary>
public static class FailoverLatencyHarness
{
    public static async Task RunAsync(string root, string simulatorUrl, string redis)
    {
        var port = LoadHarness.FreePort();
        using var gateway = await ServiceProcess.StartAsync(LoadHarness.Dll(root, "FlexiAI.Api"), port,
        [
            "--FlexiAI:Providers:0:Name=sim-openai", "--FlexiAI:Providers:0:Model=gpt-4o-mini", "--FlexiAI:Providers:0:Timeout=00:00:01",
            $"--FlexiAI:Providers:0:Endpoint={simulatorUrl}/sim-openai/v1",
            "--FlexiAI:Providers:1:Name=sim-anthropic", "--FlexiAI:Providers:1:Kind=Anthropic", "--FlexiAI:Providers:1:Model=claude-sonnet-4-5",
            "--FlexiAI:Providers:1:Priority=200", $"--FlexiAI:Providers:1:Endpoint={simulatorUrl}/sim-anthropic",
            "--FlexiAI:Routes:secondary:0=sim-anthropic", "--FlexiAI:Sync:KeyPrefix=failover-" + Guid.NewGuid().ToString("N")[..6],
            "--ConnectionStrings:cache=" + redis,
        ]);
        using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/") };
        using var simulator = new HttpClient { BaseAddress = new Uri(simulatorUrl + "/") };

        async Task<double> Timed(string model = "default")
        {
            var started = Stopwatch.GetTimestamp();
            using var response = await client.PostAsync("v1/chat/completions",
                new StringContent($$"""{"model":"{{model}}","messages":[{"role":"user","content":"Hello"}]}""", Encoding.UTF8, "application/json"));
            response.EnsureSuccessStatusCode();
            await response.Content.ReadAsByteArrayAsync();
            return Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        }

        async Task Fault(object fault) => (await simulator.PutAsJsonAsync("faults/sim-openai", fault)).EnsureSuccessStatusCode();
        async Task Reset() => (await client.PostAsync("providers/sim-openai/reset", null)).EnsureSuccessStatusCode();

        async Task<List<double>> Repeat(int count, Func<Task<double>> sample)
        {
            var list = new List<double>();
            for (var i = 0; i < count; i++)
            {
                list.Add(await sample());
            }
            list.Sort();
            return list;
        }

        Console.WriteLine();
        Console.WriteLine("Failover latency (sequential, non-streaming; the secondary is reached by translation):");
        await Repeat(30, () => Timed());
        Report("primary healthy", await Repeat(200, () => Timed()));
        Report("secondary alone (its own route)", await Repeat(200, () => Timed("secondary")));
        (await client.PostAsync("providers/sim-openai/open", null)).EnsureSuccessStatusCode();
        Report("primary OPEN (skipped)", await Repeat(200, () => Timed()));
        await Fault(new { mode = "error", status = 500 });
        Report("primary failing (500), not yet OPEN", await Repeat(100, async () => { await Reset(); return await Timed(); }));
        await Fault(new { mode = "timeout" });
        Report("primary hanging, 1 s attempt timeout", await Repeat(5, async () => { await Reset(); return await Timed(); }));
        (await simulator.DeleteAsync("faults")).EnsureSuccessStatusCode();
        await Reset();
    }

    private static void Report(string name, List<double> sorted) =>
        Console.WriteLine($"  {name,-38} p50 {PropagationHarness.Percentile(sorted, 0.5),9:0.000} ms   p99 {PropagationHarness.Percentile(sorted, 0.99),9:0.000} ms   (n={sorted.Count})");
}
