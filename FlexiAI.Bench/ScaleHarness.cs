using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using FlexiAI.Breakers;
using FlexiAI.Options;
using FlexiAI.Redis;
using FlexiAI.Simulator;

namespace FlexiAI.Bench;

/// <summary>
/// N breaker-sharing replicas against one redis-server and against a 3-master Redis Cluster, N = 3, 10, 30, 100 by
/// default. Each replica is an in-process <see cref="RedisBreakerStateStore"/> with its own Redis connection and
/// subscription (100 gateway processes do not fit a 2-core machine); providers are reached over real HTTP (the
/// simulator, in-process). For each N: Redis CPU and commands per second at idle (reconcile only) and during a failure
/// storm; propagation of a transition to the N-1 others (p50/p99/max); probes granted per recovery across all N; calls a
/// dead provider receives while every replica sends traffic.
/// <c>dotnet run -c Release --project FlexiAI.Bench -- scale [transitions] [sizes, e.g. 3,10,30,100] [standalone|cluster|both]</c>
/// </summary>
public static class ScaleHarness
{
    private const string Provider = "p1";
    private const string Spare = "p2";
    private const int Threshold = 5;
    private static readonly TimeSpan Idle = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan Storm = TimeSpan.FromSeconds(5);
    private const int Recoveries = 10;
    private const int WastedRuns = 3;

    public static async Task<int> RunAsync(int transitions, int[] sizes, string topologies)
    {
        await using var simulator = SimulatorApp.Create(["--urls", "http://127.0.0.1:0", "--Logging:LogLevel:Default=Warning"]);
        await simulator.StartAsync();
        var simulatorUrl = simulator.Urls.First().TrimEnd('/');
        using var http = new HttpClient { BaseAddress = new Uri(simulatorUrl + "/") };
        var rows = new List<string>();
        Console.WriteLine($"Scale harness: {Environment.ProcessorCount} cores, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC; replicas are in-process breaker " +
            "stores, each with its own Redis connection and subscription; 2 providers; ReconcileInterval 5 s; threshold 5; HalfOpenMaxCalls 1");
        foreach (var cluster in topologies switch { "standalone" => new[] { false }, "cluster" => [true], _ => [false, true] })
        {
            await using var redis = cluster ? await RedisTopology.ClusterAsync() : RedisTopology.Standalone();
            foreach (var n in sizes)
            {
                var row = await MeasureAsync(redis, n, transitions, http);
                rows.Add($"| {redis.Name} | {n} | {row} |");
                Console.WriteLine(rows[^1]);
            }
        }
        await simulator.StopAsync();
        Console.WriteLine();
        Console.WriteLine("| Redis | N | idle cmd/s | idle CPU % | storm cmd/s (per node) | storm CPU % | clients | propagation p50 / p99 / max ms | probes per recovery (min / max) | wasted calls (min / max; bound) |");
        Console.WriteLine("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |");
        rows.ForEach(Console.WriteLine);
        Console.WriteLine("(cmd/s and CPU summed over the nodes; commands run inside scripts count; the metering connection's own INFO calls");
        Console.WriteLine(" are included, 2 per node per reading; clients = connections to Redis, the meter's included)");
        return 0;
    }

    private static async Task<string> MeasureAsync(RedisTopology redis, int n, int transitions, HttpClient simulator)
    {
        var prefix = "scale-" + Guid.NewGuid().ToString("N")[..8];
        var replicas = new List<(RedisBreakerStateStore Store, RedisConnection Connection)>();
        for (var i = 0; i < n; i++)
        {
            var options = BenchRedis.Options(prefix, Provider, Spare);
            options.CircuitBreaker = new CircuitBreakerOptions { FailureThreshold = Threshold, RecoveryTimeout = TimeSpan.FromMilliseconds(200), HalfOpenMaxCalls = 1 };
            var store = BenchRedis.CreateStore(redis.ConnectionString, options, out var connection);
            replicas.Add((store, connection));
        }
        var stores = replicas.Select(r => r.Store).ToList();
        try
        {
            var clients = (await redis.ClientsAsync()).Sum();
            var idle = await LoadAsync(redis, Idle, _ => Task.CompletedTask);
            var storm = await LoadAsync(redis, Storm, stop => FailureStormAsync(stores, stop));
            var propagation = await PropagationAsync(stores, transitions);
            var probes = await ProbesPerRecoveryAsync(stores);
            var wasted = await WastedCallsAsync(stores, simulator);
            return $"{idle.CommandsPerSecond:0.0} | {idle.CpuPercent:0.0} | {storm.CommandsPerSecond:0} ({storm.PerNode}) | {storm.CpuPercent:0.0} | {clients} | " +
                $"{PropagationHarness.Percentile(propagation, 0.50):0.000} / {PropagationHarness.Percentile(propagation, 0.99):0.000} / {propagation[^1]:0.000} | " +
                $"{probes.Min()} / {probes.Max()} | {wasted.Min()} / {wasted.Max()}; {Threshold + n}";
        }
        finally
        {
            foreach (var (store, connection) in replicas)
            {
                await store.DisposeAsync();
                await connection.DisposeAsync();
            }
        }
    }

    /// <summary>Redis commands per second and CPU (percent of one core) over <paramref name="duration"/> while <paramref name="work"/> runs.</summary>
    private static async Task<(double CommandsPerSecond, double CpuPercent, string PerNode)> LoadAsync(RedisTopology redis, TimeSpan duration,
        Func<CancellationToken, Task> work)
    {
        var commandsBefore = await redis.CommandsProcessedAsync();
        var cpuBefore = redis.CpuSeconds().Sum();
        var started = Stopwatch.GetTimestamp();
        using var stop = new CancellationTokenSource(duration);
        var running = work(stop.Token);
        await Task.Delay(duration);
        await running;
        var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        var perNode = (await redis.CommandsProcessedAsync()).Select((c, i) => (c - commandsBefore[i]) / seconds).ToArray();
        return (perNode.Sum(), (redis.CpuSeconds().Sum() - cpuBefore) * 100 / seconds, string.Join(" + ", perNode.Select(c => c.ToString("0", CultureInfo.InvariantCulture))));
    }

    /// <summary>
    /// Every replica records failures of one provider as fast as Redis answers, while replica 0 resets the breaker every
    /// 100 ms: failures counted, transitions won and published, fan-out to all N on every change.
    /// </summary>
    private static async Task FailureStormAsync(List<RedisBreakerStateStore> stores, CancellationToken stop)
    {
        var failure = new BreakerFailure("HTTP 500", null);
        var resets = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                await stores[0].ResetAsync(Spare, CancellationToken.None);
                await Task.Delay(100, CancellationToken.None);
            }
        }, CancellationToken.None);
        await Task.WhenAll(stores.Select(store => Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                await store.RecordFailureAsync(Spare, failure, CancellationToken.None);
            }
        }, CancellationToken.None)).Append(resets));
        await stores[0].ResetAsync(Spare, CancellationToken.None);
    }

    /// <summary>Transitions (open, reset in turn) started on replica 0; the time until each of the N-1 others applied it, in ms.</summary>
    private static async Task<List<double>> PropagationAsync(List<RedisBreakerStateStore> stores, int transitions)
    {
        var samples = new List<double>(transitions * (stores.Count - 1));
        var warmup = Math.Min(20, transitions);
        for (var i = 0; i < warmup + transitions; i++)
        {
            var target = i % 2 == 0 ? CircuitState.Open : CircuitState.Closed;
            var seen = stores.Skip(1).Select(s => Seen(s, Provider, s => s.State == target)).ToList();
            var started = Stopwatch.GetTimestamp();
            if (target == CircuitState.Open)
            {
                await stores[0].ForceOpenAsync(Provider, "bench", CancellationToken.None);
            }
            else
            {
                await stores[0].ResetAsync(Provider, CancellationToken.None);
            }
            var times = await Task.WhenAll(seen).WaitAsync(TimeSpan.FromSeconds(10));
            if (i >= warmup)
            {
                samples.AddRange(times.Select(t => Stopwatch.GetElapsedTime(started, t).TotalMilliseconds));
            }
        }
        samples.Sort();
        return samples;
    }

    /// <summary>
    /// Opens the breaker, then every replica asks for a probe every 2 ms once the recovery timeout (200 ms) passed; the
    /// holder reports success after 20 ms. Counts the leases granted, across all N, per recovery.
    /// </summary>
    private static async Task<List<int>> ProbesPerRecoveryAsync(List<RedisBreakerStateStore> stores)
    {
        var counts = new List<int>();
        for (var round = 0; round < Recoveries; round++)
        {
            var open = stores.Select(s => Seen(s, Provider, state => state.State == CircuitState.Open)).ToList();
            await stores[0].ForceOpenAsync(Provider, "bench", CancellationToken.None);
            await Task.WhenAll(open).WaitAsync(TimeSpan.FromSeconds(10));
            var granted = 0;
            using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await Task.WhenAll(stores.Select(store => Task.Run(async () =>
            {
                while (store.GetState(Provider).State != CircuitState.Closed && !deadline.IsCancellationRequested)
                {
                    if (await store.TryAcquireProbeAsync(Provider, TimeSpan.FromSeconds(5), CancellationToken.None) is { } lease)
                    {
                        Interlocked.Increment(ref granted);
                        await Task.Delay(20, CancellationToken.None);
                        await store.CompleteProbeAsync(lease, null, CancellationToken.None);
                    }
                    await Task.Delay(2, CancellationToken.None);
                }
            }, CancellationToken.None)));
            if (deadline.IsCancellationRequested)
            {
                throw new InvalidOperationException("a recovery did not close every replica's breaker within 10 s");
            }
            counts.Add(granted);
        }
        return counts;
    }

    /// <summary>
    /// The simulator's primary answers 500; every replica sends one request after another over HTTP while its breaker is
    /// CLOSED and records each failure. The calls the simulator received until every replica saw OPEN, per run.
    /// </summary>
    private static async Task<List<long>> WastedCallsAsync(List<RedisBreakerStateStore> stores, HttpClient simulator)
    {
        var counts = new List<long>();
        for (var run = 0; run < WastedRuns; run++)
        {
            await stores[0].ResetAsync(Provider, CancellationToken.None);
            await WaitUntilAsync(() => stores.All(s => s.GetState(Provider) is { State: CircuitState.Closed, ConsecutiveFailures: 0 }), "every replica CLOSED after the reset");
            (await simulator.DeleteAsync("faults")).EnsureSuccessStatusCode();
            (await simulator.DeleteAsync("stats")).EnsureSuccessStatusCode();
            (await simulator.PutAsJsonAsync("faults/sim-openai", new { mode = "error", status = 500 })).EnsureSuccessStatusCode();
            var failure = new BreakerFailure("HTTP 500", null);
            await Task.WhenAll(stores.Select(store => Task.Run(async () =>
            {
                while (store.GetState(Provider).State == CircuitState.Closed)
                {
                    using var response = await simulator.PostAsJsonAsync("sim-openai/v1/chat/completions",
                        new { model = "gpt-4o-mini", messages = new[] { new { role = "user", content = "hello" } } });
                    if (!response.IsSuccessStatusCode)
                    {
                        await store.RecordFailureAsync(Provider, failure, CancellationToken.None);
                    }
                }
            })));
            var stats = await simulator.GetFromJsonAsync<JsonElement>("stats");
            counts.Add(stats.GetProperty("sim-openai").GetProperty("calls").GetInt64());
            (await simulator.DeleteAsync("faults")).EnsureSuccessStatusCode();
        }
        return counts;
    }

    /// <summary>Polls <paramref name="condition"/> every millisecond for at most 10 s.</summary>
    internal static async Task WaitUntilAsync(Func<bool> condition, string what)
    {
        var deadline = Stopwatch.GetTimestamp() + Stopwatch.Frequency * 10;
        while (!condition())
        {
            if (Stopwatch.GetTimestamp() > deadline)
            {
                throw new TimeoutException("waited 10 s for " + what);
            }
            await Task.Delay(1);
        }
    }

    private static Task<long> Seen(IBreakerStateStore store, string provider, Func<BreakerState, bool> condition)
    {
        var seen = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
        void Handler(object? sender, BreakerStateChangedEventArgs e)
        {
            if (e.Provider == provider && condition(e.Current) && seen.TrySetResult(Stopwatch.GetTimestamp()))
            {
                store.StateChanged -= Handler;
            }
        }
        store.StateChanged += Handler;
        return seen.Task;
    }
}
