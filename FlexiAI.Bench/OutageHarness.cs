using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using FlexiAI.Api;
using FlexiAI.Simulator;

namespace FlexiAI.Bench;

/// <summary>
/// Who pays for recovery probes: one gateway (breakers in Redis) in front of the simulator, the primary provider hung
/// (the simulator's <c>timeout</c> fault, cut by the gateway's 2 s attempt timeout) for the whole outage, paced user
/// traffic throughout. Run once with <c>ProbeMode=UserRequests</c> and once with <c>ProbeMode=Background</c>; prints
/// the user requests that were probes (sent to the dead provider), those answered with an error, and the slowest.
/// <c>dotnet run -c Release --project FlexiAI.Bench -- outage [outage s] [recovery s] [clients]</c>
/// </summary>
public static class OutageHarness
{
    private static readonly TimeSpan AttemptTimeout = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan Pace = TimeSpan.FromMilliseconds(100);

    public static async Task<int> RunAsync(int outageSeconds, int recoverySeconds, int clients)
    {
        using var redis = BenchRedis.Start();
        await using var simulator = SimulatorApp.Create(["--urls", "http://127.0.0.1:0", "--Logging:LogLevel:Default=Warning"]);
        await simulator.StartAsync();
        var simulatorUrl = simulator.Urls.First().TrimEnd('/');
        using var control = new HttpClient { BaseAddress = new Uri(simulatorUrl + "/") };

        foreach (var mode in new[] { "UserRequests", "Background" })
        {
            var outcome = await RunOnceAsync(mode, redis.ConnectionString, simulatorUrl, control, outageSeconds, recoverySeconds, clients);
            Console.WriteLine($"ProbeMode={mode,-12}: {outageSeconds} s outage, recovery {recoverySeconds} s, {clients} clients every {Pace.TotalMilliseconds:0} ms: " +
                $"{outcome.Requests} user requests, {outcome.Probes} sent to the dead provider (probes on user traffic), " +
                $"{outcome.Errors} answered with an error, slowest {outcome.Slowest.TotalMilliseconds:0} ms; " +
                $"dead provider received {outcome.DeadProviderCalls} calls in all.");
        }
        await simulator.StopAsync();
        return 0;
    }

    private static async Task<Outcome> RunOnceAsync(string mode, string redis, string simulatorUrl, HttpClient control,
        int outageSeconds, int recoverySeconds, int clients)
    {
        (await control.DeleteAsync("faults")).EnsureSuccessStatusCode();
        (await control.DeleteAsync("stats")).EnsureSuccessStatusCode();
        string[] args =
        [
            "--urls", "http://127.0.0.1:0", "--Logging:LogLevel:Default=Error",
            "--ConnectionStrings:cache=" + redis, "--FlexiAI:Sync:KeyPrefix=outage-" + Guid.NewGuid().ToString("N")[..8],
            "--FlexiAI:CircuitBreaker:ProbeMode=" + mode, $"--FlexiAI:CircuitBreaker:RecoveryTimeout=00:00:{recoverySeconds:00}",
            "--FlexiAI:Providers:0:Name=sim-openai", "--FlexiAI:Providers:0:Kind=OpenAI", "--FlexiAI:Providers:0:Model=gpt-4o-mini",
            "--FlexiAI:Providers:0:Priority=1", $"--FlexiAI:Providers:0:Endpoint={simulatorUrl}/sim-openai/v1",
            "--FlexiAI:Providers:0:Timeout=" + AttemptTimeout,
            "--FlexiAI:Providers:1:Name=sim-anthropic", "--FlexiAI:Providers:1:Kind=Anthropic", "--FlexiAI:Providers:1:Model=claude-sonnet-4-5",
            "--FlexiAI:Providers:1:Priority=2", $"--FlexiAI:Providers:1:Endpoint={simulatorUrl}/sim-anthropic",
        ];
        await using var gateway = GatewayApp.Create(args);
        await gateway.StartAsync();
        using var client = new HttpClient { BaseAddress = new Uri(gateway.Urls.First().TrimEnd('/') + "/"), Timeout = TimeSpan.FromSeconds(30) };
        while (!(await client.GetFromJsonAsync<JsonElement>("providers")).GetProperty("sync").GetProperty("connected").GetBoolean())
        {
            await Task.Delay(10);
        }

        // The outage starts: the primary hangs; user traffic opens its breaker and goes on for the whole outage.
        (await control.PutAsJsonAsync("faults/sim-openai", new { mode = "timeout" })).EnsureSuccessStatusCode();
        var outage = Stopwatch.StartNew();
        var requests = 0;
        var probes = 0;
        var errors = 0;
        var slowestTicks = 0L;
        var breakerOpened = false;
        await Task.WhenAll(Enumerable.Range(0, clients).Select(async _ =>
        {
            using var pace = new PeriodicTimer(Pace);
            while (outage.Elapsed < TimeSpan.FromSeconds(outageSeconds) && await pace.WaitForNextTickAsync())
            {
                // Counted when sent after the breaker opened: the failures that open it, and requests already in
                // flight then, are not probes.
                var counted = Volatile.Read(ref breakerOpened);
                var started = Stopwatch.GetTimestamp();
                using var response = await client.PostAsJsonAsync("v1/chat/completions",
                    new { model = "default", messages = new[] { new { role = "user", content = "hello" } } });
                var elapsed = Stopwatch.GetElapsedTime(started);
                if (!counted)
                {
                    continue;
                }
                Interlocked.Increment(ref requests);
                if (!response.IsSuccessStatusCode)
                {
                    Interlocked.Increment(ref errors);
                }
                if (response.Headers.TryGetValues("x-flexiai-attempts", out var attempts) && attempts.First() != "1")
                {
                    Interlocked.Increment(ref probes);
                }
                var ticks = elapsed.Ticks;
                long seen;
                while (ticks > (seen = Interlocked.Read(ref slowestTicks)) && Interlocked.CompareExchange(ref slowestTicks, ticks, seen) != seen)
                {
                }
            }
        }).Append(Task.Run(async () =>
        {
            while (!await IsOpenAsync(client))
            {
                await Task.Delay(10);
            }
            Volatile.Write(ref breakerOpened, true);
        })));

        var stats = await control.GetFromJsonAsync<JsonElement>("stats");
        await gateway.StopAsync();
        return new Outcome(requests, probes, errors, TimeSpan.FromTicks(slowestTicks), stats.GetProperty("sim-openai").GetProperty("calls").GetInt64());
    }

    private static async Task<bool> IsOpenAsync(HttpClient client)
    {
        var report = await client.GetFromJsonAsync<JsonElement>("providers");
        return report.GetProperty("providers").EnumerateArray()
            .Single(p => p.GetProperty("name").GetString() == "sim-openai").GetProperty("circuit_state").GetString() == "OPEN";
    }

    private sealed record Outcome(int Requests, int Probes, int Errors, TimeSpan Slowest, long DeadProviderCalls);
}
