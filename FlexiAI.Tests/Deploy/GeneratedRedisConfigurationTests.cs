using FlexiAI.Breakers;
using FlexiAI.Options;
using FlexiAI.Redis;
using FlexiAI.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using StackExchange.Redis;

namespace FlexiAI.Tests.Deploy;

/// <summary>
/// A real redis-server started with the arguments of the generated StatefulSet serves the gateway's breaker store
/// through the connection string of the generated Deployment: the configuration we ship works with our client.
/// </summary>
[Collection(DeploymentCollection.Name)]
public sealed class GeneratedRedisConfigurationTests(DeploymentFixture fixture) : IDisposable
{
    private const string Password = "0123456789abcdef0123456789abcdef";
    private readonly string _dataFolder = Path.Combine(Path.GetTempPath(), "flexiai-redis-" + Guid.NewGuid().ToString("N")[..8]);

    [Fact]
    public async Task Redis_with_the_generated_arguments_persists_with_AOF_and_refuses_disabled_commands()
    {
        await using var server = await StartGeneratedRedisAsync();
        await using var admin = await ConnectionMultiplexer.ConnectAsync($"{server.ConnectionString},allowAdmin=true");
        var config = admin.GetServer(admin.GetEndPoints()[0]).ConfigGet("*").ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);

        Assert.Equal("yes", config["appendonly"]);
        Assert.Equal("everysec", config["appendfsync"]);
        Assert.Equal("volatile-lru", config["maxmemory-policy"]);
        Assert.Equal((256 * 1024 * 1024).ToString(System.Globalization.CultureInfo.InvariantCulture), config["maxmemory"]);
        Assert.Equal(_dataFolder, config["dir"]);

        var database = admin.GetDatabase();
        foreach (var command in new[] { "FLUSHALL", "FLUSHDB", "KEYS", "DEBUG" })
        {
            var error = await Assert.ThrowsAsync<RedisServerException>(() => database.ExecuteAsync(command, command == "KEYS" ? ["*"] : []));
            Assert.Contains("unknown command", error.Message, StringComparison.OrdinalIgnoreCase);
        }

        // Without the password nothing is served.
        await using var anonymous = await ConnectionMultiplexer.ConnectAsync($"127.0.0.1:{server.Port},abortConnect=false,connectTimeout=2000");
        await Assert.ThrowsAnyAsync<RedisException>(() => anonymous.GetDatabase().StringGetAsync("x"));

        await Eventually.TrueAsync(() => Directory.Exists(Path.Combine(_dataFolder, "appendonlydir")), "the AOF directory exists");
    }

    [Fact]
    public async Task Two_gateways_with_the_generated_connection_string_share_breaker_state()
    {
        await using var server = await StartGeneratedRedisAsync();
        var connectionString = GatewayConnectionString(server.Port);
        var owned = new List<IAsyncDisposable>();
        var keyPrefix = "deploy-" + Guid.NewGuid().ToString("N")[..8];
        try
        {
            var first = await ConnectStoreAsync(connectionString, keyPrefix, owned);
            var second = await ConnectStoreAsync(connectionString, keyPrefix, owned);

            await first.ForceOpenAsync("openai", "opened by a test", TestContext.Current.CancellationToken);

            await Eventually.TrueAsync(() => second.GetState("openai").State == CircuitState.Open, "the other replica sees the breaker open");
        }
        finally
        {
            foreach (var disposable in Enumerable.Reverse(owned))
            {
                await disposable.DisposeAsync();
            }
        }
    }

    public void Dispose()
    {
        if (Directory.Exists(_dataFolder))
        {
            Directory.Delete(_dataFolder, recursive: true);
        }
    }

    // The generated start: its script writes the password file (here into a local folder instead of /run/redis, and
    // with the server's start left to the test), then redis-server reads that file first and the generated arguments,
    // with a local folder for /data; the port stays the test's own.
    private async Task<RedisServerProcess> StartGeneratedRedisAsync()
    {
        if (RedisServerProcess.Unavailable(RedisServerKind.RedisServer) is { } reason)
        {
            Assert.Skip(reason);
        }

        Directory.CreateDirectory(_dataFolder);
        var container = KubernetesObjects.Container(fixture.Objects.Get("StatefulSet", "cache"), "redis");
        var command = container.At("command").Texts();
        Assert.Equal(["sh", "-c"], command.Take(2));
        var script = command[2]
            .Replace("/run/redis", _dataFolder, StringComparison.Ordinal)
            .Replace("exec redis-server", "exec true", StringComparison.Ordinal);
        var start = new System.Diagnostics.ProcessStartInfo("sh") { ArgumentList = { "-c", script, "redis-server" }, Environment = { ["REDIS_PASSWORD"] = Password } };
        using (var process = System.Diagnostics.Process.Start(start)!)
        {
            await process.WaitForExitAsync(TestContext.Current.CancellationToken);
            Assert.Equal(0, process.ExitCode);
        }

        var passwordFile = Path.Combine(_dataFolder, "auth.conf");
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(passwordFile));
        }

        var generated = container.At("args").Texts();
        var args = new List<string>();
        for (var i = 0; i < generated.Count; i++)
        {
            if (generated[i] == "--port")
            {
                i++;
                continue;
            }

            args.Add(generated[i] == "/data" ? _dataFolder : generated[i]);
        }

        return await RedisServerProcess.StartRedisAsync(args, TestContext.Current.CancellationToken, password: Password, configFile: passwordFile);
    }

    // ConnectionStrings__cache of the generated gateway, as Kubernetes hands it over: the Service name is this server,
    // and $(VARIABLE) is the Secret's value.
    private string GatewayConnectionString(int port)
    {
        var gateway = KubernetesObjects.Container(fixture.Objects.Get("Deployment", "gateway"), "gateway");
        var template = KubernetesObjects.Environment(gateway).Single(v => v.Name == "ConnectionStrings__cache").Value!;
        var withSecret = System.Text.RegularExpressions.Regex.Replace(template, @"\$\([A-Z_]+\)", Password);
        return withSecret.Replace("cache:6379", $"127.0.0.1:{port}", StringComparison.Ordinal);
    }

    private static async Task<IBreakerStateStore> ConnectStoreAsync(string connectionString, string keyPrefix, List<IAsyncDisposable> owned)
    {
        // A store keeps state only for the providers it is configured with (messages about others are ignored).
        var options = new FlexiAIOptions { Providers = [new ProviderOptions { Name = "openai", Model = "m", Endpoint = new Uri("http://127.0.0.1:1/v1") }] };
        options.Redis.ConnectionString = connectionString;
        options.Redis.KeyPrefix = keyPrefix;
        options.Redis.OperationTimeout = TimeSpan.FromSeconds(2);
        var wrapped = Microsoft.Extensions.Options.Options.Create(options);
        var connection = new RedisConnection(wrapped, NullLogger<RedisConnection>.Instance);
        var store = new RedisBreakerStateStore(connection, wrapped, TimeProvider.System, NullLogger<RedisBreakerStateStore>.Instance);
        // Connects and starts the store's background loop (in a host, RedisBackgroundService does this).
        store.Start();
        owned.Add(connection);
        owned.Add(store);
        await Eventually.TrueAsync(() => store.SyncStatus.Connected, "the store connects and subscribes");
        return store;
    }
}
