using System.Diagnostics;
using StackExchange.Redis;

namespace FlexiAI.Tests.Infrastructure;

/// <summary>
/// Redis deployments beyond one server, on loopback, from Debian's redis-server package: a master with a replica
/// watched by a sentinel, and a cluster of three masters.
/// </summary>
public sealed class RedisSentinelTopology : IAsyncDisposable
{
    public const string ServiceName = "mymaster";
    private readonly string _directory;

    private RedisSentinelTopology(RedisServerProcess master, RedisServerProcess replica, RedisServerProcess sentinel, string directory)
    {
        Master = master;
        Replica = replica;
        Sentinel = sentinel;
        _directory = directory;
    }

    public RedisServerProcess Master { get; }

    public RedisServerProcess Replica { get; }

    public RedisServerProcess Sentinel { get; }

    /// <summary>What a gateway is given: the sentinel and the service name; StackExchange.Redis finds the master.</summary>
    public string ConnectionString => $"127.0.0.1:{Sentinel.Port},serviceName={ServiceName}";

    public static async Task<RedisSentinelTopology> StartAsync(CancellationToken cancellationToken)
    {
        var directory = Directory.CreateTempSubdirectory("flexiai-sentinel-").FullName;
        var master = await RedisServerProcess.StartRedisAsync([], cancellationToken);
        var replica = await RedisServerProcess.StartRedisAsync(["--replicaof", "127.0.0.1", master.Port.ToString(System.Globalization.CultureInfo.InvariantCulture)], cancellationToken);
        var sentinelPort = LoopbackPorts.Free();
        var config = Path.Combine(directory, "sentinel.conf");
        await File.WriteAllLinesAsync(config,
        [
            $"sentinel monitor {ServiceName} 127.0.0.1 {master.Port} 1",
            $"sentinel down-after-milliseconds {ServiceName} 1000",
            $"sentinel failover-timeout {ServiceName} 3000",
            $"sentinel parallel-syncs {ServiceName} 1",
        ], cancellationToken);
        var sentinel = await RedisServerProcess.StartRedisAsync(["--sentinel"], cancellationToken, sentinelPort, configFile: config);
        return new RedisSentinelTopology(master, replica, sentinel, directory);
    }

    public async ValueTask DisposeAsync()
    {
        await Sentinel.DisposeAsync();
        await Replica.DisposeAsync();
        await Master.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }
}

public sealed class RedisClusterTopology : IAsyncDisposable
{
    private readonly string _directory;

    private RedisClusterTopology(IReadOnlyList<RedisServerProcess> masters, string directory)
    {
        Masters = masters;
        _directory = directory;
    }

    public IReadOnlyList<RedisServerProcess> Masters { get; }

    public string ConnectionString => string.Join(",", Masters.Select(m => $"127.0.0.1:{m.Port}"));

    /// <summary>Three masters joined with <c>redis-cli --cluster create</c>; waits until the cluster reports ok.</summary>
    public static async Task<RedisClusterTopology> StartAsync(CancellationToken cancellationToken)
    {
        var directory = Directory.CreateTempSubdirectory("flexiai-cluster-").FullName;
        var masters = new List<RedisServerProcess>();
        for (var i = 0; i < 3; i++)
        {
            var port = LoopbackPorts.Free();
            masters.Add(await RedisServerProcess.StartRedisAsync(
                ["--cluster-enabled", "yes", "--cluster-config-file", Path.Combine(directory, $"nodes-{port}.conf"), "--cluster-node-timeout", "2000"],
                cancellationToken, port));
        }
        var create = new ProcessStartInfo(RedisServerProcess.FindOnPath("redis-cli") ?? "redis-cli")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        create.ArgumentList.Add("--cluster");
        create.ArgumentList.Add("create");
        foreach (var master in masters)
        {
            create.ArgumentList.Add($"127.0.0.1:{master.Port}");
        }
        create.ArgumentList.Add("--cluster-yes");
        using (var process = Process.Start(create)!)
        {
            var output = await process.StandardOutput.ReadToEndAsync(cancellationToken);
            await process.WaitForExitAsync(cancellationToken);
            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException($"redis-cli --cluster create failed: {output} {await process.StandardError.ReadToEndAsync(cancellationToken)}");
            }
        }
        var topology = new RedisClusterTopology(masters, directory);
        await using var client = await ConnectionMultiplexer.ConnectAsync(topology.ConnectionString + ",allowAdmin=true");
        await Eventually.TrueAsync(async () =>
        {
            foreach (var master in masters)
            {
                var info = (string?)await client.GetServer("127.0.0.1", master.Port).ExecuteAsync("CLUSTER", "INFO");
                if (info is null || !info.Contains("cluster_state:ok", StringComparison.Ordinal))
                {
                    return false;
                }
            }
            return true;
        }, "the cluster reports cluster_state:ok", TimeSpan.FromSeconds(20));
        return topology;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var master in Masters)
        {
            await master.DisposeAsync();
        }
        Directory.Delete(_directory, recursive: true);
    }
}
