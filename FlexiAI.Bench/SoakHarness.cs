using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace FlexiAI.Bench;

/// <summary>
/// Bounded memory under churn: one gateway (client keys, request and token limits, breaker and limit sync through a
/// real redis-server) under load for <c>seconds</c> from <see cref="Clients"/> distinct client keys, each request from
/// its key's own loopback source address (127.1.0.0 to 127.2.134.159, bound by the client), one new connection per
/// request. The gateway's resident memory (VmRSS) is sampled every 10 s; the run passes when RSS at the end is at most
/// 1.2 x RSS after the first minute.
/// <c>dotnet run -c Release --project FlexiAI.Bench -- soak [seconds] [concurrency]</c> (needs <c>redis-server</c>).
/// </summary>
public static class SoakHarness
{
    /// <summary>Distinct client keys and source addresses.</summary>
    private static int Clients = 100_000;

    private const string Environment = "Soak";

    private static readonly TimeSpan SampleEvery = TimeSpan.FromSeconds(10);

    public static async Task<int> RunAsync(int seconds, int concurrency, int clients)
    {
        Clients = clients;
        using var redis = BenchRedis.Start();
        var root = LoadHarness.RepositoryRoot();
        var simulatorPort = LoadHarness.FreePort();
        using var simulator = await ServiceProcess.StartAsync(LoadHarness.Dll(root, "FlexiAI.Simulator"), simulatorPort, []);
        var gatewayDll = LoadHarness.Dll(root, "FlexiAI.Api");
        // 100,000 keys do not fit on a command line: they go into the gateway's appsettings.Soak.json, removed afterwards.
        var keysFile = Path.Combine(Path.GetDirectoryName(gatewayDll)!, $"appsettings.{Environment}.json");
        await WriteKeysFileAsync(keysFile);
        try
        {
            var gatewayPort = LoadHarness.FreePort();
            using var gateway = await ServiceProcess.StartAsync(gatewayDll, gatewayPort,
                [.. LoadHarness.GatewaySettings($"http://127.0.0.1:{simulatorPort}"), "--FlexiAI:ReplicaId=soak",
                    "--ConnectionStrings:cache=" + redis.ConnectionString,
                    // On, and high enough per key that the run is admitted: partitions are created, leased, then idle.
                    "--FlexiAI:RateLimit:RequestsPerMinute=600", "--FlexiAI:RateLimit:TokensPerMinute=600000"],
                new Dictionary<string, string> { ["ASPNETCORE_ENVIRONMENT"] = Environment });
            return await DriveAsync(gateway, $"http://127.0.0.1:{gatewayPort}/v1/chat/completions", seconds, concurrency);
        }
        finally
        {
            File.Delete(keysFile);
        }
    }

    private static async Task<int> DriveAsync(ServiceProcess gateway, string url, int seconds, int concurrency)
    {
        using var handler = new SocketsHttpHandler { ConnectCallback = ConnectFromSourceAsync };
        using var client = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(30) };
        var statuses = new System.Collections.Concurrent.ConcurrentDictionary<int, long>();
        long next = -1;
        var started = Stopwatch.StartNew();
        var duration = TimeSpan.FromSeconds(seconds);
        Console.WriteLine($"soak: {seconds} s, {concurrency} concurrent requests, {Clients} client keys and source addresses, " +
            $"one connection per request; {System.Environment.ProcessorCount} cores; {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC");
        Console.WriteLine($"{"s",5} {"requests",9} {"req/s",7} {"RSS MB",7} {"anon MB",7}");

        async Task WorkerAsync()
        {
            while (started.Elapsed < duration)
            {
                var client_ = (int)(Interlocked.Increment(ref next) % Clients);
                using var request = new HttpRequestMessage(HttpMethod.Post, url)
                {
                    Content = new StringContent("""{"model":"default","messages":[{"role":"user","content":"Hello, how are you?"}]}""",
                        Encoding.UTF8, "application/json"),
                };
                request.Headers.Authorization = new("Bearer", Key(client_));
                request.Headers.ConnectionClose = true;
                request.Options.Set(SourceClient, client_);
                int status;
                try
                {
                    using var response = await client.SendAsync(request);
                    await response.Content.LoadIntoBufferAsync();
                    status = (int)response.StatusCode;
                }
                catch (HttpRequestException)
                {
                    status = 0;
                }
                catch (TaskCanceledException)
                {
                    status = -1;
                }
                statuses.AddOrUpdate(status, 1, (_, n) => n + 1);
            }
        }

        var workers = Enumerable.Range(0, concurrency).Select(_ => Task.Run(WorkerAsync)).ToArray();
        var samples = new List<(double Seconds, double Rss)>();
        long lastRequests = 0;
        var lastElapsed = TimeSpan.Zero;
        using var timer = new PeriodicTimer(SampleEvery);
        while (started.Elapsed < duration && await timer.WaitForNextTickAsync())
        {
            var requests = Interlocked.Read(ref next) + 1;
            var elapsed = started.Elapsed;
            var rss = gateway.ResidentMegabytes();
            samples.Add((elapsed.TotalSeconds, rss));
            Console.WriteLine($"{elapsed.TotalSeconds,5:0} {requests,9} {(requests - lastRequests) / (elapsed - lastElapsed).TotalSeconds,7:0} " +
                $"{rss,7:0.0} {gateway.ResidentMegabytes("RssAnon:"),7:0.0}");
            (lastRequests, lastElapsed) = (requests, elapsed);
        }
        await Task.WhenAll(workers);
        var end = gateway.ResidentMegabytes();
        var firstMinute = samples.FirstOrDefault(s => s.Seconds >= 60);
        var total = statuses.Values.Sum();
        Console.WriteLine($"requests {total} ({string.Join(", ", statuses.OrderBy(s => s.Key).Select(s => $"{Label(s.Key)}: {s.Value}"))}), " +
            $"distinct clients {Math.Min(total, Clients)}");
        if (firstMinute == default)
        {
            Console.WriteLine($"RSS at the end {end:0.0} MB; the run is shorter than a minute: no verdict");
            return 1;
        }
        var ratio = end / firstMinute.Rss;
        var pass = ratio <= 1.2 && !gateway.HasExited;
        Console.WriteLine($"RSS after the first minute {firstMinute.Rss:0.0} MB, at the end {end:0.0} MB, ratio {ratio:0.00} " +
            $"(max {samples.Max(s => s.Rss):0.0} MB): {(pass ? "PASS" : "FAIL")} (goal <= 1.20)");
        return pass ? 0 : 1;
    }

    private static string Label(int status) => status switch { 0 => "connection error", -1 => "timeout", _ => status.ToString(CultureInfo.InvariantCulture) };

    private static readonly HttpRequestOptionsKey<int> SourceClient = new("soak-client");

    /// <summary>Connects from the client's own loopback address (all of 127.0.0.0/8 is local on Linux).</summary>
    private static async ValueTask<Stream> ConnectFromSourceAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        context.InitialRequestMessage.Options.TryGetValue(SourceClient, out var client);
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            socket.Bind(new IPEndPoint(SourceAddress(client), 0));
            await socket.ConnectAsync(context.DnsEndPoint, cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>127.1.0.0 + client: 127.1.0.0 to 127.2.134.159 for 100,000 clients.</summary>
    private static IPAddress SourceAddress(int client) =>
        new([127, (byte)(1 + (client >> 16)), (byte)(client >> 8), (byte)client]);

    /// <summary>A benchmark's key, not a secret: 26 characters, distinct per client.</summary>
    private static string Key(int client) => $"soak-client-key-{client:D10}";

    private static async Task WriteKeysFileAsync(string path)
    {
        await using var file = File.Create(path);
        await using var json = new Utf8JsonWriter(file);
        json.WriteStartObject();
        json.WriteStartObject("FlexiAI");
        json.WriteStartObject("Auth");
        json.WriteStartArray("ClientKeys");
        for (var i = 0; i < Clients; i++)
        {
            json.WriteStringValue(Key(i));
        }
        json.WriteEndArray();
        json.WriteStartArray("AdminKeys");
        json.WriteStringValue("soak-admin-key-0123456789abcdef");
        json.WriteEndArray();
        json.WriteEndObject();
        json.WriteEndObject();
        json.WriteEndObject();
    }
}
