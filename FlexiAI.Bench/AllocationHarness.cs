using System.Globalization;

namespace FlexiAI.Bench;

/// <summary>
/// Where a proxy's allocations go: the gateway (sync on) and the YARP reference run under the
/// <c>FlexiAI.Bench.AllocationProfiler</c> startup hook, each loaded by wrk for a while; prints the sampled bytes per
/// request by type, largest first, for the YARP pass-through, the gateway's pass-through, its translation path, the production configuration
/// (<see cref="LoadHarness.ProductionSettings"/>) and embeddings beside YARP.
/// <c>dotnet run -c Release --project FlexiAI.Bench -- allocations [seconds] [types]</c> (needs wrk and redis-server).
/// </summary>
public static class AllocationHarness
{
    private const string ActivityPrefix = "activity ";

    public static async Task<int> RunAsync(int seconds, int top)
    {
        using var redis = BenchRedis.Start();
        var root = LoadHarness.RepositoryRoot();
        var simulatorPort = LoadHarness.FreePort();
        using var simulator = await ServiceProcess.StartAsync(LoadHarness.Dll(root, "FlexiAI.Simulator"), simulatorPort, []);
        var simulatorUrl = $"http://127.0.0.1:{simulatorPort}";

        var yarpProfile = Path.Combine(Path.GetTempPath(), $"flexiai-alloc-yarp-{Guid.NewGuid():N}.tsv");
        var gatewayProfile = Path.Combine(Path.GetTempPath(), $"flexiai-alloc-gateway-{Guid.NewGuid():N}.tsv");
        var productionProfile = Path.Combine(Path.GetTempPath(), $"flexiai-alloc-production-{Guid.NewGuid():N}.tsv");
        var yarpPort = LoadHarness.FreePort();
        using var yarp = await ServiceProcess.StartAsync(LoadHarness.Dll(root, "FlexiAI.Bench.ReferenceProxy"), yarpPort,
            [$"--Upstream={simulatorUrl}/sim-openai/"], Profiled(yarpProfile));
        var gatewayPort = LoadHarness.FreePort();
        using var gateway = await ServiceProcess.StartAsync(LoadHarness.Dll(root, "FlexiAI.Api"), gatewayPort,
            [.. LoadHarness.GatewaySettings(simulatorUrl), "--ConnectionStrings:cache=" + redis.ConnectionString], Profiled(gatewayProfile));
        var productionPort = LoadHarness.FreePort();
        using var production = await ServiceProcess.StartAsync(LoadHarness.Dll(root, "FlexiAI.Api"), productionPort,
            [.. LoadHarness.GatewaySettings(simulatorUrl), .. LoadHarness.ProductionSettings, "--ConnectionStrings:cache=" + redis.ConnectionString],
            Profiled(productionProfile));

        Console.WriteLine($"sampled allocations per request (allocation tick, about one sample per 100 KB), wrk -c8 -d{seconds}s each");
        await ProfileAsync("YARP pass-through", $"http://127.0.0.1:{yarpPort}/v1/chat/completions", "gpt-4o-mini", yarpProfile, seconds, top);
        await ProfileAsync("gateway pass-through", $"http://127.0.0.1:{gatewayPort}/v1/chat/completions", "default", gatewayProfile, seconds, top);
        await ProfileAsync("gateway translation", $"http://127.0.0.1:{gatewayPort}/v1/chat/completions", "translate", gatewayProfile, seconds, top);
        await ProfileAsync("gateway production", $"http://127.0.0.1:{productionPort}/v1/chat/completions", "default", productionProfile, seconds, top,
            key: LoadHarness.ProductionKey);
        await ProfileAsync("YARP, embeddings", $"http://127.0.0.1:{yarpPort}/v1/embeddings", LoadHarness.EmbeddingModel, yarpProfile, seconds, top,
            body: LoadHarness.EmbeddingsBody);
        await ProfileAsync("gateway, embeddings", $"http://127.0.0.1:{gatewayPort}/v1/embeddings", LoadHarness.EmbeddingModel, gatewayProfile, seconds, top,
            body: LoadHarness.EmbeddingsBody);
        File.Delete(yarpProfile);
        File.Delete(gatewayProfile);
        File.Delete(productionProfile);
        return 0;
    }

    private static Dictionary<string, string> Profiled(string profile) => new() { ["FLEXIAI_ALLOCATION_PROFILE"] = profile };

    private static async Task ProfileAsync(string name, string url, string model, string profile, int seconds, int top,
        string? body = null, string? key = null)
    {
        var script = await LoadHarness.ChatScriptAsync(model, body, key);
        try
        {
            await LoadHarness.WrkAsync(url, script, 2, 8);
            var before = await SnapshotAsync(profile);
            var run = await LoadHarness.WrkAsync(url, script, seconds, 8);
            var after = await SnapshotAsync(profile);
            var perRequest = after.Select(p => (Key: p.Key, Value: (p.Value - before.GetValueOrDefault(p.Key)) / (double)run.Requests))
                .Where(p => p.Value > 0).OrderByDescending(p => p.Value).ToList();
            var activities = perRequest.Where(p => p.Key.StartsWith(ActivityPrefix, StringComparison.Ordinal)).ToList();
            var types = perRequest.Except(activities).ToList();
            Console.WriteLine();
            Console.WriteLine($"{name}: {run.Requests} requests, {run.RequestsPerSecond:0} req/s, sampled {types.Sum(p => p.Value):0} B/request, " +
                $"{activities.Sum(p => p.Value):0.0} spans/request");
            foreach (var (activity, count) in activities)
            {
                Console.WriteLine($"{count,8:0.00} x  span {activity[ActivityPrefix.Length..]}");
            }
            foreach (var (type, bytes) in types.Take(top))
            {
                Console.WriteLine($"{bytes,8:0} B  {type}");
            }
        }
        finally
        {
            File.Delete(script);
        }
    }

    /// <summary>The profile as of its next rewrite (it is rewritten every second).</summary>
    private static async Task<Dictionary<string, long>> SnapshotAsync(string profile) =>
        (await HookFiles.ReadNextAsync(profile)).Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split('\t', 2))
            .ToDictionary(f => f[1], f => long.Parse(f[0], CultureInfo.InvariantCulture));
}
