using System.Diagnostics;
using System.Globalization;
using StackExchange.Redis;

namespace FlexiAI.Bench;

/// <summary>
/// redis-server processes for a harness: one standalone server, or a Redis Cluster of 3 masters (no replicas), on
/// loopback ports, or one standalone server inside a network namespace (<see cref="NetworkPartition"/>) that a real
/// partition can cut off. Servers can be killed, restarted on the same port, frozen (SIGSTOP) and thawed.
/// </summary>
public sealed class RedisTopology : IAsyncDisposable
{
    private readonly Process?[] _servers;
    private readonly int[] _ports;
    private readonly Func<int, string[]> _extraArguments;
    private ConnectionMultiplexer? _meter;
    private string? _directory;
    private readonly string _host;

    private RedisTopology(string name, int[] ports, Func<int, string[]> extraArguments, NetworkPartition? partition = null)
    {
        Name = name;
        _ports = ports;
        _extraArguments = extraArguments;
        Partition = partition;
        _host = partition?.Address ?? "127.0.0.1";
        _servers = new Process?[ports.Length];
        for (var i = 0; i < ports.Length; i++)
        {
            _servers[i] = BenchRedis.StartServer(partition, ports[i], extraArguments(ports[i]));
        }
        ConnectionString = string.Join(',', ports.Select(p => $"{_host}:{p}"));
    }

    /// <summary>The network namespace the server runs in (owned: deleted with the topology), or null on loopback.</summary>
    public NetworkPartition? Partition { get; }

    public string Name { get; }

    /// <summary>Every node's address: StackExchange.Redis discovers a cluster from any of them.</summary>
    public string ConnectionString { get; }

    public static RedisTopology Standalone() => new("redis-server", [LoadHarness.FreePort()], _ => []);

    /// <summary>One redis-server inside <paramref name="partition"/>'s namespace, reached over its veth link; owns the namespace.</summary>
    public static RedisTopology Standalone(NetworkPartition partition) =>
        new("redis-server in a network namespace", [LoadHarness.FreePort()], _ => [], partition);

    /// <summary>Three masters, slots split by <c>redis-cli --cluster create</c>; waits for <c>cluster_state:ok</c>.</summary>
    public static async Task<RedisTopology> ClusterAsync()
    {
        var directory = Directory.CreateTempSubdirectory("flexiai-cluster-").FullName;
        var ports = Enumerable.Range(0, 3).Select(_ => LoadHarness.FreePort()).Distinct().ToArray();
        var topology = new RedisTopology("Redis Cluster, 3 masters", ports,
            port => ["--cluster-enabled", "yes", "--cluster-config-file", Path.Combine(directory, $"nodes-{port}.conf"), "--dir", directory])
        {
            _directory = directory,
        };
        try
        {
            await topology.CreateClusterAsync(ports);
            return topology;
        }
        catch
        {
            // Never leave the servers running when the cluster could not be formed.
            await topology.DisposeAsync();
            throw;
        }
    }

    private async Task CreateClusterAsync(int[] ports)
    {
        var create = new ProcessStartInfo("redis-cli") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in (string[])["--cluster", "create", .. ports.Select(p => $"127.0.0.1:{p}"), "--cluster-replicas", "0", "--cluster-yes"])
        {
            create.ArgumentList.Add(argument);
        }
        using (var process = Process.Start(create) ?? throw new InvalidOperationException("redis-cli did not start"))
        {
            var output = await process.StandardOutput.ReadToEndAsync();
            await process.WaitForExitAsync();
            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException("redis-cli --cluster create failed: " + output);
            }
        }
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!(await InfoAsync("CLUSTER", "INFO")).All(i => i.Contains("cluster_state:ok", StringComparison.Ordinal)))
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new InvalidOperationException("the cluster did not reach cluster_state:ok");
            }
            await Task.Delay(100);
        }
    }

    /// <summary>Commands processed so far, per node.</summary>
    public async Task<long[]> CommandsProcessedAsync()
    {
        var infos = await InfoAsync("INFO", "stats");
        return [.. infos.Select(info => long.Parse(info.Split('\n').First(l => l.StartsWith("total_commands_processed:", StringComparison.Ordinal))
            .Split(':')[1].Trim(), CultureInfo.InvariantCulture))];
    }

    /// <summary>
    /// Calls per command so far (<c>INFO commandstats</c>: <c>cmdstat_evalsha:calls=12,...</c>), summed over the nodes;
    /// commands a script runs count under their own names too. The metering connection's <c>info</c> calls are left out.
    /// </summary>
    public async Task<Dictionary<string, long>> CommandCallsAsync()
    {
        var calls = new Dictionary<string, long>();
        foreach (var line in (await InfoAsync("INFO", "commandstats")).SelectMany(info => info.Split('\n')))
        {
            if (!line.StartsWith("cmdstat_", StringComparison.Ordinal) || line.StartsWith("cmdstat_info:", StringComparison.Ordinal))
            {
                continue;
            }
            var name = line[8..line.IndexOf(':', StringComparison.Ordinal)];
            var count = long.Parse(line.Split("calls=")[1].Split(',')[0], CultureInfo.InvariantCulture);
            calls[name] = calls.GetValueOrDefault(name) + count;
        }
        return calls;
    }

    /// <summary>CPU seconds used so far, per node.</summary>
    public double[] CpuSeconds() => [.. _servers.Select(s => s is { HasExited: false } ? ProcessCpu.Seconds(s.Id) : 0)];

    /// <summary>Connected clients, per node.</summary>
    public async Task<int[]> ClientsAsync()
    {
        var infos = await InfoAsync("INFO", "clients");
        return [.. infos.Select(info => int.Parse(info.Split('\n').First(l => l.StartsWith("connected_clients:", StringComparison.Ordinal))
            .Split(':')[1].Trim(), CultureInfo.InvariantCulture))];
    }

    /// <summary>The text <c>INFO section</c> or <c>CLUSTER INFO</c> returns, one per node, over one metering connection (its own commands count too).</summary>
    private async Task<string[]> InfoAsync(string command, string argument)
    {
        var results = new string[_ports.Length];
        for (var i = 0; i < _ports.Length; i++)
        {
            if (_meter is null)
            {
                var options = ConfigurationOptions.Parse(ConnectionString);
                options.AllowAdmin = true;
                options.ClientName = "bench-meter";
                _meter = await ConnectionMultiplexer.ConnectAsync(options);
            }
            var server = _meter.GetServer(_host, _ports[i]);
            results[i] = (string)(await server.ExecuteAsync(command, argument))!;
        }
        return results;
    }

    /// <summary>Kills the (first) server: its data is gone, as after a crash without persistence.</summary>
    public void Kill(int node = 0)
    {
        if (_servers[node] is { HasExited: false } server)
        {
            server.Kill();
            server.WaitForExit();
        }
        _servers[node]?.Dispose();
        _servers[node] = null;
    }

    /// <summary>Starts a killed server again on the same port, empty.</summary>
    public void Restart(int node = 0) => _servers[node] ??= BenchRedis.StartServer(Partition, _ports[node], _extraArguments(_ports[node]));

    /// <summary>Stops the server with SIGSTOP: connections stay open, nothing answers (a partition seen from the clients).</summary>
    public void Freeze(int node = 0) => Signal(node, "STOP");

    public void Thaw(int node = 0) => Signal(node, "CONT");

    private void Signal(int node, string signal)
    {
        if (_servers[node] is { HasExited: false } server)
        {
            using var kill = Process.Start("kill", ["-" + signal, server.Id.ToString(CultureInfo.InvariantCulture)]);
            kill.WaitForExit();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_meter is not null)
        {
            await _meter.DisposeAsync();
        }
        for (var i = 0; i < _servers.Length; i++)
        {
            Thaw(i);
            Kill(i);
        }
        if (_directory is not null)
        {
            Directory.Delete(_directory, recursive: true);
        }
        Partition?.Dispose();
    }
}
