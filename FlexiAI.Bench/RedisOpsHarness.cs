using System.Diagnostics;
using System.Globalization;

namespace FlexiAI.Bench;

/// <summary>
/// Redis commands per request, measured with <c>INFO commandstats</c> deltas on real gateway processes under load: a
/// redis-server, the simulator and <see cref="Replicas"/> gateway replicas sharing it, driven by one <c>wrk</c> per
/// replica whose requests rotate over <see cref="ClientKeys"/> client keys. One configuration after another (breakers
/// only; a request limit; request and token limits; a small request limit; a limit the load exceeds; the response
/// cache with every request a hit), each on fresh replicas and a fresh key prefix: a warm-up, then the background load with no traffic,
/// then the load. Per request: every command (net of the background measured just before), the scripts among them,
/// and the commands that made them up.
/// <c>dotnet run -c Release --project FlexiAI.Bench -- redisops [seconds] [connections per replica]</c>
/// </summary>
public static class RedisOpsHarness
{
    private const int Replicas = 2;
    private const int ClientKeys = 4;
    private static readonly TimeSpan Idle = TimeSpan.FromSeconds(5);

    public static async Task<int> RunAsync(int seconds, int connections)
    {
        var root = LoadHarness.RepositoryRoot();
        await using var redis = RedisTopology.Standalone();
        var simulatorPort = LoadHarness.FreePort();
        using var simulator = await ServiceProcess.StartAsync(LoadHarness.Dll(root, "FlexiAI.Simulator"), simulatorPort, []);
        var simulatorUrl = $"http://127.0.0.1:{simulatorPort}";
        var keys = Enumerable.Range(0, ClientKeys).Select(i => $"bench-redisops-key-{i}-0123456789").ToArray();
        string[] common =
        [
            .. LoadHarness.GatewaySettings(simulatorUrl), "--ConnectionStrings:cache=" + redis.ConnectionString,
            .. keys.Select((key, i) => $"--FlexiAI:Auth:ClientKeys:{i}={key}"),
        ];
        (string Name, string[] Settings)[] configurations =
        [
            ("breakers only", []),
            ("request limit 60,000/min per key", ["--FlexiAI:RateLimit:RequestsPerMinute=60000"]),
            ("request 60,000 + token 6,000,000/min per key", ["--FlexiAI:RateLimit:RequestsPerMinute=60000", "--FlexiAI:RateLimit:TokensPerMinute=6000000"]),
            ("small limit: request 3,000 + token 6,000,000/min per key", ["--FlexiAI:RateLimit:RequestsPerMinute=3000", "--FlexiAI:RateLimit:TokensPerMinute=6000000"]),
            ("over the limit: request 600/min per key (most requests refused)", ["--FlexiAI:RateLimit:RequestsPerMinute=600"]),
            ("response cache, every request a hit", ["--FlexiAI:Cache:Enabled=true"]),
        ];
        var script = await KeyRotationScriptAsync(keys);
        var rows = new List<string>();
        Console.WriteLine($"Redis commands per request: redis-server, simulator, {Replicas} gateway processes, {ClientKeys} client keys in rotation, " +
            $"wrk -t2 -c{connections} per replica for {seconds} s; {Environment.ProcessorCount} cores; {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC");
        try
        {
            foreach (var (name, settings) in configurations)
            {
                rows.Add(await MeasureAsync(root, redis, [.. common, .. settings, "--FlexiAI:Sync:KeyPrefix=ops-" + Guid.NewGuid().ToString("N")[..8]],
                    name, script, seconds, connections));
                Console.WriteLine(rows[^1]);
            }
        }
        finally
        {
            File.Delete(script);
        }
        Console.WriteLine();
        Console.WriteLine("| configuration | requests | requests/s | non-2xx | Redis commands per request | scripts per request | per 1,000 requests, by command |");
        Console.WriteLine("| --- | --- | --- | --- | --- | --- | --- |");
        rows.ForEach(Console.WriteLine);
        Console.WriteLine("(net of the background load measured for 5 s just before with the same replicas idle; commands a script runs count " +
            "under their own names as well as in evalsha; the meter's own INFO calls left out; machine shared: rates are pessimistic, counts are not)");
        return 0;
    }

    private static async Task<string> MeasureAsync(string root, RedisTopology redis, string[] settings, string name, string script, int seconds, int connections)
    {
        var gateways = new List<ServiceProcess>();
        try
        {
            var ports = Enumerable.Range(0, Replicas).Select(_ => LoadHarness.FreePort()).ToArray();
            gateways.AddRange(await Task.WhenAll(ports.Select((port, i) =>
                ServiceProcess.StartAsync(LoadHarness.Dll(root, "FlexiAI.Api"), port, [.. settings, $"--FlexiAI:ReplicaId=ops-{i}"]))));
            var urls = ports.Select(p => $"http://127.0.0.1:{p}/v1/chat/completions").ToArray();
            await Task.WhenAll(urls.Select(url => LoadHarness.WrkAsync(url, script, 2, connections)));

            var idleBefore = await redis.CommandCallsAsync();
            var idleStarted = Stopwatch.GetTimestamp();
            await Task.Delay(Idle);
            var idle = Delta(idleBefore, await redis.CommandCallsAsync());
            var idleSeconds = Stopwatch.GetElapsedTime(idleStarted).TotalSeconds;

            var before = await redis.CommandCallsAsync();
            var started = Stopwatch.GetTimestamp();
            var results = await Task.WhenAll(urls.Select(url => LoadHarness.WrkAsync(url, script, seconds, connections)));
            var load = Delta(before, await redis.CommandCallsAsync());
            var loadSeconds = Stopwatch.GetElapsedTime(started).TotalSeconds;

            var requests = results.Sum(r => r.Requests);
            // Net of the background: what the same replicas sent per second with no traffic, over the load's duration.
            var net = load.ToDictionary(c => c.Key, c => c.Value - idle.GetValueOrDefault(c.Key) * loadSeconds / idleSeconds);
            var total = net.Values.Sum();
            var scripts = net.GetValueOrDefault("evalsha") + net.GetValueOrDefault("eval");
            var breakdown = string.Join(", ", net.Where(c => Math.Abs(c.Value) * 1000 / requests >= 0.05).OrderByDescending(c => c.Value)
                .Select(c => $"{c.Key} {c.Value * 1000 / requests:0.0}"));
            return string.Create(CultureInfo.InvariantCulture,
                $"| {name} | {requests} | {requests / loadSeconds:0} | {results.Sum(r => r.Errors)} | {total / requests:0.0000} | {scripts / requests:0.0000} | {(breakdown.Length == 0 ? "-" : breakdown)} |");
        }
        finally
        {
            gateways.ForEach(g => g.Dispose());
        }
    }

    private static Dictionary<string, long> Delta(Dictionary<string, long> before, Dictionary<string, long> after) =>
        after.ToDictionary(c => c.Key, c => c.Value - before.GetValueOrDefault(c.Key));

    /// <summary>A wrk script posting the short chat completion, each request with the next client key as bearer token. The caller deletes it.</summary>
    private static async Task<string> KeyRotationScriptAsync(string[] keys)
    {
        var script = await LoadHarness.ChatScriptAsync("default");
        await File.AppendAllTextAsync(script, $$"""

            local keys = { {{string.Join(", ", keys.Select(k => $"\"{k}\""))}} }
            local sent = 0
            request = function()
              sent = sent + 1
              wrk.headers["Authorization"] = "Bearer " .. keys[sent % #keys + 1]
              return wrk.format()
            end
            """);
        return script;
    }
}
