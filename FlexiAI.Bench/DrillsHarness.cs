using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;

namespace FlexiAI.Bench;

/// <summary>
/// The failover drills, on real processes under load: a redis-server, the simulator and four gateway replicas (two
/// "hosts" of two replicas each), driven by 8 concurrent clients spread over the replicas in service. Phases: steady;
/// Redis killed, then restarted empty; one worker crashed and restarted; a whole host lost (both its replicas at once)
/// and restarted; a provider outage and its end; a partition between the replicas and Redis, with a provider outage
/// inside it so replicas decide offline, and its end. The partition is a real one where the machine allows it: Redis
/// runs in a network namespace reached through a veth pair and the link is taken down (<see cref="NetworkPartition"/>);
/// elsewhere (not root, no iproute2) Redis is frozen with SIGSTOP instead, and the output says which ran. Per phase:
/// requests, errors, p99, the time until every replica was connected to Redis again and agreed on every breaker, and
/// that agreement.
/// <c>dotnet run -c Release --project FlexiAI.Bench -- drills [seconds per phase] [all|partition] [auto|freeze]</c>:
/// <c>partition</c> runs only the steady and partition phases; <c>freeze</c> freezes Redis even where a namespace works.
/// </summary>
public static class DrillsHarness
{
    private const int Clients = 8;
    private static readonly string[] ReplicaIds = ["host-a-1", "host-a-2", "host-b-1", "host-b-2"];
    private static readonly TimeSpan ResyncLimit = TimeSpan.FromSeconds(60);

    public static async Task<int> RunAsync(int seconds, bool partitionOnly = false, bool freeze = false)
    {
        var root = LoadHarness.RepositoryRoot();
        await using var redis = StartRedis(freeze, out var partitionHow);
        var simulatorPort = LoadHarness.FreePort();
        using var simulator = await ServiceProcess.StartAsync(LoadHarness.Dll(root, "FlexiAI.Simulator"), simulatorPort, []);
        var simulatorUrl = $"http://127.0.0.1:{simulatorPort}";
        using var control = new HttpClient { BaseAddress = new Uri(simulatorUrl + "/") };
        (await control.DeleteAsync("faults")).EnsureSuccessStatusCode();
        var prefix = "drill-" + Guid.NewGuid().ToString("N")[..8];
        string[] settings =
        [
            .. LoadHarness.GatewaySettings(simulatorUrl), "--ConnectionStrings:cache=" + redis.ConnectionString, "--FlexiAI:Sync:KeyPrefix=" + prefix,
            "--FlexiAI:CircuitBreaker:RecoveryTimeout=00:00:03",
        ];
        var replicas = ReplicaIds.Select(id => new Replica(id, LoadHarness.FreePort(), root, settings)).ToArray();
        try
        {
            await Task.WhenAll(replicas.Select(r => r.StartAsync()));
            var idle = await IdleLoadAsync(redis, replicas.Length);
            await using var load = new LoadDriver(replicas);
            var report = new List<string>();
            Console.WriteLine($"Drills: {redis.Name}, simulator and 4 gateway processes (hosts a and b, 2 replicas each), {Clients} clients, " +
                $"{seconds} s per phase; {Environment.ProcessorCount} cores; {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC");
            Console.WriteLine("Partition: " + partitionHow);

            async Task PhaseAsync(string name, Func<Task<TimeSpan?>>? resync = null)
            {
                load.Begin();
                var started = Stopwatch.GetTimestamp();
                // From the start of the phase (a restart included) until the replicas agree again.
                var time = resync is null || await resync() is null ? (TimeSpan?)null : Stopwatch.GetElapsedTime(started);
                var remaining = TimeSpan.FromSeconds(seconds) - Stopwatch.GetElapsedTime(started);
                if (remaining > TimeSpan.Zero)
                {
                    await Task.Delay(remaining);
                }
                var stats = load.End();
                var agreement = await AgreementAsync(replicas.Where(r => r.InService));
                report.Add($"| {name} | {stats.Requests} | {stats.Errors} | {stats.P99Ms:0.0} | {(time is { } t ? $"{t.TotalSeconds:0.00} s" : "-")} | {agreement.Text} |");
                Console.WriteLine(report[^1]);
            }

            await PhaseAsync("steady");
            if (!partitionOnly)
            {
                redis.Kill();
                await PhaseAsync("Redis killed");
                redis.Restart();
                await PhaseAsync("Redis restarted (empty)", () => ResyncAsync(replicas));

                replicas[0].Crash();
                await PhaseAsync("worker host-a-1 crashed");
                await PhaseAsync("worker host-a-1 restarted", async () =>
                {
                    await replicas[0].StartAsync();
                    return await ResyncAsync(replicas);
                });

                replicas[2].Crash();
                replicas[3].Crash();
                await PhaseAsync("host b lost (2 replicas)");
                await PhaseAsync("host b restarted", async () =>
                {
                    await Task.WhenAll(replicas[2].StartAsync(), replicas[3].StartAsync());
                    return await ResyncAsync(replicas);
                });

                (await control.PutAsJsonAsync("faults/sim-openai", new { mode = "error", status = 500 })).EnsureSuccessStatusCode();
                await PhaseAsync("provider sim-openai down", () => ResyncAsync(replicas, "sim-openai", "OPEN"));
                (await control.DeleteAsync("faults")).EnsureSuccessStatusCode();
                await PhaseAsync("provider sim-openai back", () => ResyncAsync(replicas, "sim-openai", "CLOSED"));
            }

            if (redis.Partition is { } cut)
            {
                cut.Cut();
            }
            else
            {
                redis.Freeze();
            }
            (await control.PutAsJsonAsync("faults/sim-openai", new { mode = "error", status = 500 })).EnsureSuccessStatusCode();
            await PhaseAsync(redis.Partition is null ? "partition: Redis frozen, sim-openai down" : "partition: link to Redis cut, sim-openai down");
            if (redis.Partition is { } healed)
            {
                healed.Heal();
            }
            else
            {
                redis.Thaw();
            }
            await PhaseAsync("partition healed (sim-openai still down)", () => ResyncAsync(replicas, "sim-openai", "OPEN"));
            (await control.DeleteAsync("faults")).EnsureSuccessStatusCode();
            await PhaseAsync("provider sim-openai back", () => ResyncAsync(replicas, "sim-openai", "CLOSED"));

            Console.WriteLine();
            Console.WriteLine(idle);
            Console.WriteLine("| phase | requests | errors | p99 ms | time to resync | breakers afterwards (every replica in service) |");
            Console.WriteLine("| --- | --- | --- | --- | --- | --- |");
            report.ForEach(Console.WriteLine);
            Console.WriteLine($"(partition = {partitionHow}; time to resync: from the start of " +
                "the phase until every replica in service reports redis connected and the same state for every provider" +
                " (and the named state where one is expected))");
        }
        finally
        {
            // Every gateway process goes, whatever happened.
            foreach (var replica in replicas)
            {
                replica.Dispose();
            }
        }
        return 0;
    }

    /// <summary>Redis in a network namespace where one can be built (unless <paramref name="freeze"/>), else on loopback; and how the partition will be made.</summary>
    private static RedisTopology StartRedis(bool freeze, out string how)
    {
        var why = "";
        var partition = freeze ? null : NetworkPartition.TryCreate(out why);
        if (partition is null)
        {
            how = "Redis frozen with SIGSTOP (connections stay open and nothing answers; the server does not run)" +
                (freeze ? ", as asked" : $"; no network namespace here: {why}");
            return RedisTopology.Standalone();
        }
        try
        {
            how = $"a real network partition: redis-server runs in a network namespace at {partition.Address}, reached through a veth pair, " +
                "and the namespace's end of the link is taken down (packets dropped both ways; the server keeps running)";
            return RedisTopology.Standalone(partition);
        }
        catch
        {
            partition.Dispose();
            throw;
        }
    }

    /// <summary>Redis commands per second with the replicas running and no traffic: reconcile, replica registry, metering.</summary>
    private static async Task<string> IdleLoadAsync(RedisTopology redis, int replicas)
    {
        await Task.Delay(TimeSpan.FromSeconds(2));
        var before = (await redis.CommandsProcessedAsync()).Sum();
        var started = Stopwatch.GetTimestamp();
        await Task.Delay(TimeSpan.FromSeconds(10));
        var perSecond = ((await redis.CommandsProcessedAsync()).Sum() - before) / Stopwatch.GetElapsedTime(started).TotalSeconds;
        return $"Background load with {replicas} idle gateway processes: {perSecond:0.0} Redis commands/s ({perSecond / replicas:0.0} per replica; " +
            "includes the 2 metering INFO calls)";
    }

    /// <summary>Waits until every replica in service is connected to Redis and they agree (on <paramref name="state"/> for <paramref name="provider"/> if given).</summary>
    private static async Task<TimeSpan?> ResyncAsync(Replica[] replicas, string? provider = null, string? state = null)
    {
        var started = Stopwatch.GetTimestamp();
        var reported = TimeSpan.Zero;
        while (Stopwatch.GetElapsedTime(started) < ResyncLimit)
        {
            var agreement = await AgreementAsync(replicas.Where(r => r.InService));
            if (agreement.Agreed && (provider is null || agreement.States.GetValueOrDefault(provider) == state))
            {
                return Stopwatch.GetElapsedTime(started);
            }
            if (Stopwatch.GetElapsedTime(started) - reported > TimeSpan.FromSeconds(5))
            {
                // What is still missing, so a slow resync can be read from the output.
                reported = Stopwatch.GetElapsedTime(started);
                Console.WriteLine($"  still waiting after {reported.TotalSeconds:0} s: " + string.Join("; ", agreement.PerReplica));
            }
            await Task.Delay(50);
        }
        return null;
    }

    /// <summary>Reads <c>GET /providers</c> from every replica: all connected to Redis and the same state for every provider?</summary>
    private static async Task<(bool Agreed, Dictionary<string, string> States, string Text, List<string> PerReplica)> AgreementAsync(IEnumerable<Replica> replicas)
    {
        var views = new List<(bool Connected, Dictionary<string, string> States)>();
        var perReplica = new List<string>();
        foreach (var replica in replicas)
        {
            try
            {
                var report = await replica.Client.GetFromJsonAsync<JsonElement>("providers");
                views.Add((report.GetProperty("sync").GetProperty("connected").GetBoolean(),
                    report.GetProperty("providers").EnumerateArray().ToDictionary(p => p.GetProperty("name").GetString()!, p => p.GetProperty("circuit_state").GetString()!)));
                perReplica.Add($"{replica.Id} connected={views[^1].Connected} " + string.Join(" ", report.GetProperty("providers").EnumerateArray()
                    .Select(p => $"{p.GetProperty("name").GetString()}={p.GetProperty("circuit_state").GetString()}/epoch {p.GetProperty("epoch").GetInt64()}")));
            }
            catch (HttpRequestException)
            {
                views.Add((false, []));
            }
        }
        var first = views[0].States;
        var same = views.All(v => v.States.Count == first.Count && v.States.All(s => first.GetValueOrDefault(s.Key) == s.Value));
        var text = (same ? "same state: " : "DIFFERENT states; first replica: ") + string.Join(", ", first.Select(s => $"{s.Key} {s.Value}")) +
            $"; {views.Count(v => v.Connected)}/{views.Count} connected to Redis";
        return (same && views.All(v => v.Connected), first, text, perReplica);
    }

    /// <summary>A gateway process that can crash and start again on its port.</summary>
    private sealed class Replica(string id, int port, string root, string[] settings) : IDisposable
    {
        public string Id => id;

        private ServiceProcess? _process;

        public HttpClient Client { get; } = new() { BaseAddress = new Uri($"http://127.0.0.1:{port}/"), Timeout = TimeSpan.FromSeconds(30) };

        /// <summary>Started and not crashed: in the load balancer's rotation.</summary>
        public bool InService => _process is { HasExited: false };

        public async Task StartAsync() =>
            _process = await ServiceProcess.StartAsync(LoadHarness.Dll(root, "FlexiAI.Api"), port, [.. settings, "--FlexiAI:ReplicaId=" + id]);

        /// <summary>Kills the process (SIGKILL, no drain) and takes it out of rotation at once, as a load balancer does.</summary>
        public void Crash()
        {
            var process = _process;
            _process = null;
            process?.Dispose();
        }

        public void Dispose()
        {
            Crash();
            Client.Dispose();
        }
    }

    /// <summary>Concurrent clients sending chat completions round-robin to the replicas in service, counted per phase.</summary>
    private sealed class LoadDriver : IAsyncDisposable
    {
        private readonly Replica[] _replicas;
        private readonly CancellationTokenSource _stop = new();
        private readonly Task[] _clients;
        private readonly Lock _gate = new();
        private List<double> _latencies = [];
        private int _errors;
        private long _next;

        public LoadDriver(Replica[] replicas)
        {
            _replicas = replicas;
            _clients = [.. Enumerable.Range(0, Clients).Select(_ => Task.Run(ClientAsync))];
        }

        public void Begin()
        {
            lock (_gate)
            {
                _latencies = [];
                _errors = 0;
            }
        }

        public (int Requests, int Errors, double P99Ms) End()
        {
            lock (_gate)
            {
                var sorted = _latencies.Order().ToList();
                return (sorted.Count, _errors, sorted.Count == 0 ? double.NaN : PropagationHarness.Percentile(sorted, 0.99));
            }
        }

        private async Task ClientAsync()
        {
            while (!_stop.IsCancellationRequested)
            {
                var live = _replicas.Where(r => r.InService).ToArray();
                if (live.Length == 0)
                {
                    await Task.Delay(10);
                    continue;
                }
                var replica = live[(int)(Interlocked.Increment(ref _next) % live.Length)];
                var started = Stopwatch.GetTimestamp();
                bool ok;
                try
                {
                    using var response = await replica.Client.PostAsJsonAsync("v1/chat/completions",
                        new { model = "default", messages = new[] { new { role = "user", content = "Hello, how are you?" } } }, _stop.Token);
                    await response.Content.LoadIntoBufferAsync(_stop.Token);
                    ok = response.IsSuccessStatusCode;
                }
                catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException or IOException)
                {
                    ok = false;
                }
                lock (_gate)
                {
                    _latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                    if (!ok)
                    {
                        _errors++;
                    }
                }
            }
        }

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            await Task.WhenAll(_clients);
            _stop.Dispose();
        }
    }
}
