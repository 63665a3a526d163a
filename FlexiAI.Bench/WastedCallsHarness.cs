using System.Net.Http.Json;
using System.Text.Json;
using FlexiAI.Api;
using FlexiAI.Simulator;
using Microsoft.AspNetCore.Builder;

namespace FlexiAI.Bench;

/// <summary>
/// Calls wasted on a dead provider: 3 gateway instances (sharing Redis, or each on its own) in front of the simulator,
/// the primary answering 500, every instance driven by concurrent clients until the primary is OPEN everywhere.
/// Prints the calls the dead provider received per run, against FailureThreshold (5).
/// <c>dotnet run -c Release --project FlexiAI.Bench -- wasted [runs] [clients per instance]</c>
/// </summary>
public static class WastedCallsHarness
{
    private const int Instances = 3;
    private const int Threshold = 5;

    public static async Task<int> RunAsync(int runs, int clientsPerInstance)
    {
        using var redis = BenchRedis.Start();
        await using var simulator = SimulatorApp.Create(["--urls", "http://127.0.0.1:0", "--Logging:LogLevel:Default=Warning"]);
        await simulator.StartAsync();
        var simulatorUrl = simulator.Urls.First().TrimEnd('/');
        using var control = new HttpClient { BaseAddress = new Uri(simulatorUrl + "/") };

        foreach (var shared in new[] { true, false })
        {
            var counts = new List<long>();
            for (var run = 0; run < runs; run++)
            {
                counts.Add(await RunOnceAsync(shared ? redis.ConnectionString : null, simulatorUrl, control, clientsPerInstance));
            }
            counts.Sort();
            Console.WriteLine($"{(shared ? "Shared through Redis" : "Local breakers only  ")}: {Instances} instances x {clientsPerInstance} clients, threshold {Threshold}: " +
                $"dead provider received min {counts[0]}, median {counts[counts.Count / 2]}, max {counts[^1]} calls over {runs} runs " +
                $"(bound: threshold + concurrency = {Threshold + Instances * clientsPerInstance}).");
        }
        await simulator.StopAsync();
        return 0;
    }

    private static async Task<long> RunOnceAsync(string? redis, string simulatorUrl, HttpClient control, int clientsPerInstance)
    {
        (await control.DeleteAsync("faults")).EnsureSuccessStatusCode();
        (await control.DeleteAsync("stats")).EnsureSuccessStatusCode();
        (await control.PutAsJsonAsync("faults/sim-openai", new { mode = "error", status = 500 })).EnsureSuccessStatusCode();

        var prefix = "wasted-" + Guid.NewGuid().ToString("N")[..8];
        var gateways = new List<WebApplication>();
        for (var i = 0; i < Instances; i++)
        {
            List<string> args =
            [
                "--urls", "http://127.0.0.1:0", "--Logging:LogLevel:Default=Error",
                "--FlexiAI:Sync:KeyPrefix=" + prefix, $"--FlexiAI:CircuitBreaker:FailureThreshold={Threshold}",
                "--FlexiAI:Providers:0:Name=sim-openai", "--FlexiAI:Providers:0:Kind=OpenAI", "--FlexiAI:Providers:0:Model=gpt-4o-mini",
                "--FlexiAI:Providers:0:Priority=1", $"--FlexiAI:Providers:0:Endpoint={simulatorUrl}/sim-openai/v1",
                "--FlexiAI:Providers:1:Name=sim-anthropic", "--FlexiAI:Providers:1:Kind=Anthropic", "--FlexiAI:Providers:1:Model=claude-sonnet-4-5",
                "--FlexiAI:Providers:1:Priority=2", $"--FlexiAI:Providers:1:Endpoint={simulatorUrl}/sim-anthropic",
            ];
            if (redis is not null)
            {
                args.Add("--ConnectionStrings:cache=" + redis);
            }
            var gateway = GatewayApp.Create([.. args]);
            await gateway.StartAsync();
            gateways.Add(gateway);
        }
        var clients = gateways.Select(g => new HttpClient { BaseAddress = new Uri(g.Urls.First().TrimEnd('/') + "/") }).ToList();
        if (redis is not null)
        {
            foreach (var client in clients)
            {
                while (!(await client.GetFromJsonAsync<JsonElement>("providers")).GetProperty("sync").GetProperty("connected").GetBoolean())
                {
                    await Task.Delay(10);
                }
            }
        }

        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var traffic = clients.SelectMany(client => Enumerable.Range(0, clientsPerInstance).Select(async _ =>
        {
            while (!stop.IsCancellationRequested && !await IsOpenAsync(client))
            {
                using var response = await client.PostAsJsonAsync("v1/chat/completions",
                    new { model = "default", messages = new[] { new { role = "user", content = "hello" } } });
            }
        })).ToList();
        await Task.WhenAll(traffic);

        var stats = await control.GetFromJsonAsync<JsonElement>("stats");
        foreach (var client in clients)
        {
            client.Dispose();
        }
        foreach (var gateway in gateways)
        {
            await gateway.StopAsync();
            await gateway.DisposeAsync();
        }
        return stats.GetProperty("sim-openai").GetProperty("calls").GetInt64();
    }

    private static async Task<bool> IsOpenAsync(HttpClient client)
    {
        var report = await client.GetFromJsonAsync<JsonElement>("providers");
        return report.GetProperty("providers").EnumerateArray()
            .Single(p => p.GetProperty("name").GetString() == "sim-openai").GetProperty("circuit_state").GetString() == "OPEN";
    }
}
