using System.Diagnostics;
using System.Net.Http.Json;
using System.Text;

namespace FlexiAI.Bench;

/// <summary>
/// Groups and stream continuation, measured on real processes: a gateway in front of the simulator with two equal
/// OpenAI-protocol providers, <c>sim-b</c> 50 ms slower (the simulator's <c>latency_ms</c>). Sequential requests: p50/p90
/// and each provider's share under <c>weighted</c> (equal weights) and <c>latency</c>. Then continuation: streams whose
/// provider drops after 10 events, continued by the other; the gap at the seam (the break to the next chunk, as the client
/// sees it) against the gap between the same two events of an unbroken stream (the simulator sends a chunk every 5 ms).
/// </summary>
public static class StrategiesHarness
{
    private const int BreakAfter = 10;
    private const int ChunkDelayMs = 5;

    public static async Task<int> RunAsync(int requests, int streams)
    {
        var root = LoadHarness.RepositoryRoot();
        var simulatorPort = LoadHarness.FreePort();
        using var simulatorProcess = await ServiceProcess.StartAsync(LoadHarness.Dll(root, "FlexiAI.Simulator"), simulatorPort,
        [
            "--Simulator:Providers:0:Name=sim-a", "--Simulator:Providers:1:Name=sim-b", $"--Simulator:ChunkDelayMs={ChunkDelayMs}",
        ]);
        var simulatorUrl = $"http://127.0.0.1:{simulatorPort}";
        var port = LoadHarness.FreePort();
        using var gatewayProcess = await ServiceProcess.StartAsync(LoadHarness.Dll(root, "FlexiAI.Api"), port,
        [
            "--FlexiAI:Providers:0:Name=sim-a", "--FlexiAI:Providers:0:Model=gpt-a", "--FlexiAI:Providers:0:Priority=1",
            $"--FlexiAI:Providers:0:Endpoint={simulatorUrl}/sim-a/v1",
            "--FlexiAI:Providers:1:Name=sim-b", "--FlexiAI:Providers:1:Model=gpt-b", "--FlexiAI:Providers:1:Priority=1",
            $"--FlexiAI:Providers:1:Endpoint={simulatorUrl}/sim-b/v1",
            "--FlexiAI:Routes:weighted:0=sim-a", "--FlexiAI:Routes:weighted:1=sim-b", "--FlexiAI:Strategy:weighted=weighted",
            "--FlexiAI:Routes:latency:0=sim-a", "--FlexiAI:Routes:latency:1=sim-b", "--FlexiAI:Strategy:latency=latency",
            "--FlexiAI:Routes:continued:0=sim-a", "--FlexiAI:Routes:continued:1=sim-b", "--FlexiAI:StreamContinuation:continued=true",
            "--FlexiAI:CircuitBreaker:FailureThreshold=10000",
        ]);
        using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/") };
        using var simulator = new HttpClient { BaseAddress = new Uri(simulatorUrl + "/") };
        (await simulator.PutAsJsonAsync("faults/sim-b", new { mode = "ok", latency_ms = 50 })).EnsureSuccessStatusCode();

        Console.WriteLine();
        Console.WriteLine($"Group strategies: sim-a and sim-b of equal priority, sim-b 50 ms slower; {requests} sequential non-streaming requests each:");
        foreach (var route in new[] { "weighted", "latency" })
        {
            for (var i = 0; i < 20; i++)
            {
                await ChatAsync(client, route);
            }
            var samples = new List<double>();
            var answeredByA = 0;
            for (var i = 0; i < requests; i++)
            {
                var (ms, provider) = await ChatAsync(client, route);
                samples.Add(ms);
                answeredByA += provider == "sim-a" ? 1 : 0;
            }
            samples.Sort();
            Console.WriteLine($"  {route,-9} mean {samples.Average(),7:0.00} ms   p50 {PropagationHarness.Percentile(samples, 0.5),8:0.00} ms   p90 {PropagationHarness.Percentile(samples, 0.9),8:0.00} ms   " +
                $"share sim-a {100.0 * answeredByA / requests,5:0.0} %   sim-b {100.0 * (requests - answeredByA) / requests,5:0.0} %");
        }

        (await simulator.DeleteAsync("faults")).EnsureSuccessStatusCode();
        Console.WriteLine();
        Console.WriteLine($"Stream continuation: sim-a drops after {BreakAfter} events, sim-b continues; {ChunkDelayMs} ms between chunks; {streams} streams each:");
        var unbroken = await SeamGapsAsync(client, streams, "default");
        (await simulator.PutAsJsonAsync("faults/sim-a", new { mode = "drop_mid_stream", after_chunks = BreakAfter })).EnsureSuccessStatusCode();
        var continued = await SeamGapsAsync(client, streams, "continued");
        (await simulator.DeleteAsync("faults")).EnsureSuccessStatusCode();
        Console.WriteLine($"  gap between events {BreakAfter} and {BreakAfter + 1}, unbroken stream   p50 {PropagationHarness.Percentile(unbroken, 0.5),8:0.000} ms   p90 {PropagationHarness.Percentile(unbroken, 0.9),8:0.000} ms");
        Console.WriteLine($"  break to next chunk, continued stream     p50 {PropagationHarness.Percentile(continued, 0.5),8:0.000} ms   p90 {PropagationHarness.Percentile(continued, 0.9),8:0.000} ms");
        return 0;
    }

    private static async Task<(double Milliseconds, string Provider)> ChatAsync(HttpClient client, string route)
    {
        var started = Stopwatch.GetTimestamp();
        using var response = await client.PostAsync("v1/chat/completions",
            new StringContent($$"""{"model":"{{route}}","messages":[{"role":"user","content":"Hello"}]}""", Encoding.UTF8, "application/json"));
        response.EnsureSuccessStatusCode();
        await response.Content.ReadAsByteArrayAsync();
        return (Stopwatch.GetElapsedTime(started).TotalMilliseconds, response.Headers.GetValues("x-flexiai-provider").Single());
    }

    /// <summary>Per stream, the time between the arrival of event <see cref="BreakAfter"/> and of the event after it; sorted.</summary>
    private static async Task<List<double>> SeamGapsAsync(HttpClient client, int streams, string route)
    {
        var gaps = new List<double>(streams);
        for (var i = 0; i < streams; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "v1/chat/completions")
            {
                Content = new StringContent($$"""{"model":"{{route}}","stream":true,"messages":[{"role":"user","content":"Stream {{i}}"}]}""",
                    Encoding.UTF8, "application/json"),
            };
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
            response.EnsureSuccessStatusCode();
            using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
            var events = 0;
            long seamStart = 0;
            double? gap = null;
            while (await reader.ReadLineAsync() is { } line)
            {
                if (!line.StartsWith("data:", StringComparison.Ordinal))
                {
                    continue;
                }
                events++;
                if (events == BreakAfter)
                {
                    seamStart = Stopwatch.GetTimestamp();
                }
                else if (events == BreakAfter + 1)
                {
                    gap = Stopwatch.GetElapsedTime(seamStart).TotalMilliseconds;
                }
                if (line.Contains("\"error\"", StringComparison.Ordinal))
                {
                    throw new InvalidOperationException("A stream ended with an error event: " + line);
                }
            }
            gaps.Add(gap ?? throw new InvalidOperationException($"A stream on {route} had {events} events."));
        }
        gaps.Sort();
        return gaps;
    }
}
