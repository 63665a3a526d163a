using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using FlexiAI.Options;
using FlexiAI.Redis;
using Microsoft.Extensions.Logging.Abstractions;

namespace FlexiAI.Bench;

/// <summary>A redis-server for a benchmark run (from PATH, on a free loopback port), or the one in FLEXIAI_BENCH_REDIS.</summary>
public sealed class BenchRedis : IDisposable
{
    private readonly Process? _process;

    private BenchRedis(string connectionString, Process? process)
    {
        ConnectionString = connectionString;
        _process = process;
    }

    public string ConnectionString { get; }

    public static BenchRedis Start()
    {
        if (Environment.GetEnvironmentVariable("FLEXIAI_BENCH_REDIS") is { Length: > 0 } existing)
        {
            return new BenchRedis(existing, null);
        }
        var port = LoadHarness.FreePort();
        return new BenchRedis($"127.0.0.1:{port}", StartServer(port));
    }

    /// <summary>The redis-server process (null when FLEXIAI_BENCH_REDIS names an outside server).</summary>
    public Process? Process => _process;

    /// <summary>Starts redis-server on a loopback port without persistence and waits until it accepts connections.</summary>
    internal static Process StartServer(int port, params string[] extraArguments) => StartServer(null, port, extraArguments);

    /// <summary>
    /// Starts redis-server without persistence, on a loopback port or inside <paramref name="partition"/>'s network
    /// namespace on its address, and waits until it accepts connections.
    /// </summary>
    internal static Process StartServer(NetworkPartition? partition, int port, string[] extraArguments)
    {
        // `ip netns exec` replaces itself with redis-server: the process is the server (signals and kill reach it).
        string[] command = [.. partition?.ExecPrefix ?? [], "redis-server"];
        var start = new ProcessStartInfo(command[0]) { RedirectStandardOutput = true, UseShellExecute = false };
        string[] address = partition is null ? ["--bind", "127.0.0.1"] : ["--bind", partition.Address, "--protected-mode", "no"];
        foreach (var argument in command[1..].Concat(["--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), .. address,
                     "--save", "", "--appendonly", "no"]).Concat(extraArguments))
        {
            start.ArgumentList.Add(argument);
        }
        var process = Process.Start(start) ?? throw new InvalidOperationException("redis-server did not start (apt-get install redis-server)");
        process.OutputDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            try
            {
                using var client = new TcpClient();
                client.Connect(partition is null ? IPAddress.Loopback : IPAddress.Parse(partition.Address), port);
                break;
            }
            catch (SocketException) when (DateTime.UtcNow < deadline)
            {
                Thread.Sleep(20);
            }
        }
        return process;
    }

    /// <summary>A Redis breaker store on this server, connected and subscribed.</summary>
    public RedisBreakerStateStore CreateStore(FlexiAIOptions options, out RedisConnection connection) =>
        CreateStore(ConnectionString, options, out connection);

    /// <summary>A Redis breaker store on the server (or cluster) <paramref name="connectionString"/> names, connected and subscribed.</summary>
    public static RedisBreakerStateStore CreateStore(string connectionString, FlexiAIOptions options, out RedisConnection connection)
    {
        options.Redis.ConnectionString = connectionString;
        var wrapped = Microsoft.Extensions.Options.Options.Create(options);
        connection = new RedisConnection(wrapped, NullLogger<RedisConnection>.Instance);
        var store = new RedisBreakerStateStore(connection, wrapped, TimeProvider.System, NullLogger<RedisBreakerStateStore>.Instance);
        // Connects and starts the store's background loop (in a host, RedisBackgroundService does this).
        store.Start();
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (!store.SyncStatus.Connected)
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new InvalidOperationException("the breaker store did not connect to Redis");
            }
            Thread.Sleep(10);
        }
        return store;
    }

    public static FlexiAIOptions Options(string prefix, params string[] providers) => new()
    {
        Providers = [.. providers.Select((p, i) => new ProviderOptions { Name = p, Model = "m", Priority = i, Endpoint = new Uri("http://127.0.0.1:9/v1") })],
        Redis = new RedisOptions { KeyPrefix = prefix, OperationTimeout = TimeSpan.FromSeconds(1) },
    };

    public void Dispose()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill();
            _process.WaitForExit();
        }
        _process?.Dispose();
    }
}
