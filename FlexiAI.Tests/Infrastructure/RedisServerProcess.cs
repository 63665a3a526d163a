using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using StackExchange.Redis;

namespace FlexiAI.Tests.Infrastructure;

/// <summary>
/// A real Redis-compatible server in its own process on a loopback port: <c>redis-server</c> from PATH, or the
/// embedded Garnet server (the FlexiAI.Garnet host). Tests can kill it and start it again on the same port.
/// </summary>
public sealed class RedisServerProcess : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);
    private Process? _process;

    private RedisServerProcess(RedisServerKind kind, int port)
    {
        Kind = kind;
        Port = port;
    }

    public RedisServerKind Kind { get; }

    public int Port { get; }

    /// <summary>Connection string for StackExchange.Redis.</summary>
    public string ConnectionString => $"127.0.0.1:{Port}";

    public bool IsRunning => _process is { HasExited: false };

    /// <summary>Why this kind cannot run here (null when it can).</summary>
    public static string? Unavailable(RedisServerKind kind) => kind switch
    {
        RedisServerKind.RedisServer when FindOnPath("redis-server") is null =>
            "redis-server is not installed (CI installs it: apt-get install redis-server)",
        RedisServerKind.Garnet when !File.Exists(GarnetHostPath()) => $"the Garnet host is not built at {GarnetHostPath()}",
        _ => null,
    };

    public static async Task<RedisServerProcess> StartAsync(RedisServerKind kind, CancellationToken cancellationToken)
    {
        var server = new RedisServerProcess(kind, FreePort());
        await server.StartAgainAsync(cancellationToken);
        return server;
    }

    /// <summary>Starts the server (again) on its port, empty, and waits until it answers PING.</summary>
    public async Task StartAgainAsync(CancellationToken cancellationToken)
    {
        var start = Kind == RedisServerKind.RedisServer
            ? new ProcessStartInfo(FindOnPath("redis-server")!)
            {
                ArgumentList = { "--port", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", "127.0.0.1",
                    "--save", "", "--appendonly", "no", "--protected-mode", "no" },
            }
            : new ProcessStartInfo("dotnet") { ArgumentList = { GarnetHostPath() }, Environment = { ["GARNET_PORT"] = Port.ToString(System.Globalization.CultureInfo.InvariantCulture) } };
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.UseShellExecute = false;
        _process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {Kind}");
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(StartTimeout);
        while (true)
        {
            timeout.Token.ThrowIfCancellationRequested();
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"{Kind} exited at start with code {_process.ExitCode}");
            }
            try
            {
                await using var probe = await ConnectionMultiplexer.ConnectAsync($"{ConnectionString},connectTimeout=500,abortConnect=true");
                await probe.GetDatabase().PingAsync();
                return;
            }
            catch (RedisConnectionException)
            {
                await Task.Delay(50, timeout.Token);
            }
        }
    }

    /// <summary>Kills the server at once (no shutdown, no save): what a crash looks like to its clients.</summary>
    public async Task KillAsync()
    {
        if (_process is { HasExited: false } process)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        _process?.Dispose();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    private static string? FindOnPath(string program) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator)
            .Select(dir => Path.Combine(dir, program))
            .FirstOrDefault(File.Exists);

    /// <summary>The Garnet host built beside this test assembly's configuration (the AppHost builds it).</summary>
    private static string GarnetHostPath()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "FlexiAI.sln")))
        {
            directory = directory.Parent;
        }
        // …/FlexiAI.Tests/bin/{Configuration}/net10.0/
        var configuration = new DirectoryInfo(Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory)).Parent?.Name ?? "Debug";
        return Path.Combine(directory?.FullName ?? ".", "FlexiAI.Garnet", "bin", configuration, "net10.0", "FlexiAI.Garnet.dll");
    }
}

public enum RedisServerKind
{
    RedisServer,
    Garnet,
}
