using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace FlexiAI.Tests.Infrastructure;

/// <summary>
/// A real Redis-compatible server in its own process on a loopback port: <c>redis-server</c> from PATH, or the
/// embedded Garnet server (the FlexiAI.Garnet host). Tests can kill it and start it again on the same port.
/// </summary>
public sealed class RedisServerProcess : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);
    private Process? _process;

    private readonly IReadOnlyList<string> _extraArgs;
    private readonly string? _password;
    private readonly string? _configFile;

    private RedisServerProcess(RedisServerKind kind, int port, IReadOnlyList<string>? extraArgs = null, string? password = null, string? configFile = null)
    {
        Kind = kind;
        Port = port;
        _extraArgs = extraArgs ?? [];
        _password = password;
        _configFile = configFile;
    }

    public RedisServerKind Kind { get; }

    public int Port { get; }

    /// <summary>Connection string for StackExchange.Redis.</summary>
    public string ConnectionString => _password is null ? $"127.0.0.1:{Port}" : $"127.0.0.1:{Port},password={_password}";

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
        var server = new RedisServerProcess(kind, LoopbackPorts.Free());
        await server.StartAgainAsync(cancellationToken);
        return server;
    }

    /// <summary>A redis-server with extra arguments (replication, cluster mode, a password), on a free port or <paramref name="port"/>.</summary>
    /// <param name="configFile">A config file to read first (redis-sentinel needs a writable one).</param>
    public static async Task<RedisServerProcess> StartRedisAsync(IReadOnlyList<string> extraArgs, CancellationToken cancellationToken,
        int? port = null, string? password = null, string? configFile = null)
    {
        // Every test that starts its own redis-server reports itself skipped, with the reason, where there is none.
        if (Unavailable(RedisServerKind.RedisServer) is { } reason)
        {
            Assert.Skip(reason);
        }
        var server = new RedisServerProcess(RedisServerKind.RedisServer, port ?? LoopbackPorts.Free(), extraArgs, password, configFile);
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
        if (_configFile is not null)
        {
            start.ArgumentList.Insert(0, _configFile);
        }
        foreach (var argument in _extraArgs)
        {
            start.ArgumentList.Add(argument);
        }
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
            if (await AnswersPingAsync(timeout.Token))
            {
                return;
            }
            await Task.Delay(50, timeout.Token);
        }
    }

    /// <summary>
    /// A raw RESP PING: works the same for a server, a sentinel and a cluster node, with or without a password
    /// (a password-protected server answers -NOAUTH, which still means it is up).
    /// </summary>
    private async Task<bool> AnswersPingAsync(CancellationToken cancellationToken)
    {
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync(IPAddress.Loopback, Port, cancellationToken);
            var stream = client.GetStream();
            await stream.WriteAsync("PING\r\n"u8.ToArray(), cancellationToken);
            var buffer = new byte[64];
            var read = await stream.ReadAsync(buffer, cancellationToken);
            var reply = System.Text.Encoding.ASCII.GetString(buffer, 0, read);
            return reply.StartsWith("+PONG", StringComparison.Ordinal) || reply.StartsWith("-NOAUTH", StringComparison.Ordinal);
        }
        catch (SocketException)
        {
            return false;
        }
        catch (IOException)
        {
            return false;
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

    public static string? FindOnPath(string program) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator)
            .Select(dir => Path.Combine(dir, program))
            .FirstOrDefault(File.Exists);

    /// <summary>The Garnet host built beside this test assembly's configuration (the AppHost builds it).</summary>
    private static string GarnetHostPath()
    {
        // …/FlexiAI.Tests/bin/{Configuration}/net10.0/
        var configuration = new DirectoryInfo(Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory)).Parent?.Name ?? "Debug";
        return Path.Combine(RepositoryPaths.Root, "FlexiAI.Garnet", "bin", configuration, "net10.0", "FlexiAI.Garnet.dll");
    }
}

public enum RedisServerKind
{
    RedisServer,
    Garnet,
}
