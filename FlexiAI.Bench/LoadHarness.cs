using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace FlexiAI.Bench;

/// <summary>
/// Load through real processes on loopback: the simulator (zero latency), a gateway with breaker sync through Redis off
/// and on, and the simulator directly, driven by <c>wrk</c> at fixed concurrency, in alternation within one run.
/// <c>dotnet run -c Release --project FlexiAI.Bench -- load [seconds per round] [rounds] [connections]</c>
/// (needs <c>wrk</c> and <c>redis-server</c>: <c>apt-get install wrk redis-server</c>).
/// </summary>
public static partial class LoadHarness
{
    public static async Task<int> RunAsync(int seconds, int rounds, int connections)
    {
        using var redis = BenchRedis.Start();
        var root = RepositoryRoot();
        var simulatorPort = FreePort();
        using var simulator = await ServiceProcess.StartAsync(Dll(root, "FlexiAI.Simulator"), simulatorPort, []);
        var simulatorUrl = $"http://127.0.0.1:{simulatorPort}";
        string[] providers =
        [
            "--FlexiAI:Providers:0:Name=sim-openai", "--FlexiAI:Providers:0:Kind=OpenAI", "--FlexiAI:Providers:0:Model=gpt-4o-mini",
            $"--FlexiAI:Providers:0:Endpoint={simulatorUrl}/sim-openai/v1",
            "--FlexiAI:Providers:1:Name=sim-anthropic", "--FlexiAI:Providers:1:Kind=Anthropic", "--FlexiAI:Providers:1:Model=claude-sonnet-4-5",
            $"--FlexiAI:Providers:1:Priority=200", $"--FlexiAI:Providers:1:Endpoint={simulatorUrl}/sim-anthropic",
        ];
        var syncOffPort = FreePort();
        var syncOnPort = FreePort();
        using var syncOff = await ServiceProcess.StartAsync(Dll(root, "FlexiAI.Api"), syncOffPort, [.. providers, "--FlexiAI:ReplicaId=sync-off"]);
        using var syncOn = await ServiceProcess.StartAsync(Dll(root, "FlexiAI.Api"), syncOnPort,
            [.. providers, "--FlexiAI:ReplicaId=sync-on", "--ConnectionStrings:cache=" + redis.ConnectionString]);

        var script = Path.Combine(Path.GetTempPath(), $"flexiai-load-{Guid.NewGuid():N}.lua");
        var targets = new (string Name, string Url, string Model)[]
        {
            ("direct to simulator", $"{simulatorUrl}/sim-openai/v1/chat/completions", "gpt-4o-mini"),
            ("gateway, sync off", $"http://127.0.0.1:{syncOffPort}/v1/chat/completions", "default"),
            ("gateway, sync on", $"http://127.0.0.1:{syncOnPort}/v1/chat/completions", "default"),
        };
        var results = targets.ToDictionary(t => t.Name, _ => new List<WrkResult>());
        Console.WriteLine($"wrk -t2 -c{connections} -d{seconds}s, {rounds} rounds in alternation, non-streaming chat completions, {Environment.ProcessorCount} cores");
        for (var round = 0; round <= rounds; round++)
        {
            foreach (var (name, url, model) in targets)
            {
                await File.WriteAllTextAsync(script, $$"""
                    wrk.method = "POST"
                    wrk.headers["Content-Type"] = "application/json"
                    wrk.body = '{"model":"{{model}}","messages":[{"role":"user","content":"Hello, how are you?"}]}'
                    """);
                var result = await WrkAsync(url, script, round == 0 ? 2 : seconds, connections);
                if (round > 0)
                {
                    results[name].Add(result);
                }
            }
        }
        File.Delete(script);

        Console.WriteLine($"{"target",-22} {"req/s",10} {"p50 ms",8} {"p99 ms",8} {"non-2xx",8}");
        foreach (var (name, list) in results)
        {
            var best = list.OrderBy(r => r.RequestsPerSecond).ElementAt(list.Count / 2);
            Console.WriteLine($"{name,-22} {best.RequestsPerSecond,10:0} {best.P50Ms,8:0.000} {best.P99Ms,8:0.000} {list.Sum(r => r.Errors),8}");
        }
        Console.WriteLine($"resident memory after load: gateway sync off {syncOff.ResidentMegabytes():0} MB, sync on {syncOn.ResidentMegabytes():0} MB");
        return 0;
    }

    private static async Task<WrkResult> WrkAsync(string url, string script, int seconds, int connections)
    {
        var start = new ProcessStartInfo("wrk") { RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var argument in new[] { "-t2", $"-c{connections}", $"-d{seconds}s", "--latency", "-s", script, url })
        {
            start.ArgumentList.Add(argument);
        }
        using var process = Process.Start(start) ?? throw new InvalidOperationException("wrk did not start (apt-get install wrk)");
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        return new WrkResult(
            double.Parse(RequestsPerSecond().Match(output).Groups[1].Value, CultureInfo.InvariantCulture),
            Milliseconds(Percentile50().Match(output)), Milliseconds(Percentile99().Match(output)),
            NonSuccess().Match(output) is { Success: true } m ? int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) : 0);
    }

    private static double Milliseconds(Match match)
    {
        var value = double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
        return match.Groups[2].Value switch { "us" => value / 1000, "s" => value * 1000, _ => value };
    }

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

    [GeneratedRegex(@"\s50%\s+([\d.]+)(us|ms|s)")]
    private static partial Regex Percentile50();

    [GeneratedRegex(@"\s99%\s+([\d.]+)(us|ms|s)")]
    private static partial Regex Percentile99();

    [GeneratedRegex(@"Non-2xx or 3xx responses:\s+(\d+)")]
    private static partial Regex NonSuccess();

    private sealed record WrkResult(double RequestsPerSecond, double P50Ms, double P99Ms, int Errors);
}
