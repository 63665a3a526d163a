using System.Net.Http.Json;
using System.Text.Json;
using FlexiAI.Api;
using FlexiAI.Tests.Infrastructure;
using FlexiAI.Tests.Simulator;
using Microsoft.AspNetCore.Builder;

namespace FlexiAI.Tests.SharedState;

/// <summary>
/// Several gateway instances (separate hosts in this process, each with its own Redis connection and breaker store)
/// sharing one real Redis server under a key prefix of their own, in front of one simulator.
/// </summary>
public sealed class GatewayCluster : IAsyncDisposable
{
    private readonly string _redis;
    private readonly SimulatorFixture _simulator;
    private readonly Dictionary<string, string> _settings;
    private readonly List<GatewayInstance> _instances = [];

    private GatewayCluster(string redis, SimulatorFixture simulator, Dictionary<string, string> settings)
    {
        _redis = redis;
        _simulator = simulator;
        _settings = settings;
    }

    public IReadOnlyList<GatewayInstance> Instances => _instances;

    public string KeyPrefix => _settings["FlexiAI:Sync:KeyPrefix"];

    /// <param name="overrides">Settings on top of the defaults (threshold 5, recovery 30 s, attempt timeout 1 s, reconcile 5 s, user requests as probes).</param>
    /// <param name="waitForSync">Wait until each instance is connected to Redis and subscribed.</param>
    public static async Task<GatewayCluster> StartAsync(string redisConnectionString, SimulatorFixture simulator, int instances,
        Dictionary<string, string>? overrides = null, bool waitForSync = true)
    {
        var settings = new Dictionary<string, string>
        {
            ["FlexiAI:Sync:KeyPrefix"] = "cluster-" + Guid.NewGuid().ToString("N")[..8],
            ["FlexiAI:CircuitBreaker:FailureThreshold"] = "5",
            ["FlexiAI:CircuitBreaker:RecoveryTimeout"] = "00:00:30",
            // Generous for a loaded test machine: these tests are about shared decisions; deciding locally when Redis
            // is slow or gone has tests of its own (Redis killed).
            ["FlexiAI:Sync:OperationTimeout"] = "00:00:01",
            // The shared-breaker contract is about user requests as probes; background probes have tests of their own.
            ["FlexiAI:CircuitBreaker:ProbeMode"] = "UserRequests",
        };
        foreach (var (key, value) in overrides ?? [])
        {
            settings[key] = value;
        }
        var cluster = new GatewayCluster(redisConnectionString, simulator, settings);
        for (var i = 0; i < instances; i++)
        {
            await cluster.AddInstanceAsync(waitForSync);
        }
        return cluster;
    }

    /// <summary>Starts one more instance (a late joiner) and waits until its breaker store is subscribed.</summary>
    public async Task<GatewayInstance> AddInstanceAsync(bool waitForSync = true)
    {
        var id = $"replica-{_instances.Count + 1}";
        List<string> args =
        [
            "--urls", "http://127.0.0.1:0",
            "--Logging:LogLevel:Default=" + (Environment.GetEnvironmentVariable("FLEXIAI_TEST_LOG") ?? "Warning"),
            "--Logging:Console:FormatterName=simple",
            "--FlexiAI:ReplicaId=" + id,
            // Stopped by the test, not by a load balancer: no need to stay reachable after the stop begins.
            "--FlexiAI:Shutdown:ReadinessDelay=00:00:00",
            "--ConnectionStrings:cache=" + _redis,
            .. Provider(0, SimulatorFixture.OpenAIProvider, "OpenAI", "gpt-4o-mini", 1, new Uri(_simulator.ProviderAddress(SimulatorFixture.OpenAIProvider), "v1")),
            .. Provider(1, SimulatorFixture.AnthropicProvider, "Anthropic", "claude-sonnet-4-5", 2, _simulator.ProviderAddress(SimulatorFixture.AnthropicProvider)),
            .. _settings.Select(s => $"--{s.Key}={s.Value}"),
        ];
        var app = GatewayApp.Create([.. args]);
        await app.StartAsync(TestContext.Current.CancellationToken);
        var instance = new GatewayInstance(id, app);
        _instances.Add(instance);
        if (waitForSync)
        {
            await Eventually.TrueAsync(async () => (await instance.SyncAsync()).GetProperty("connected").GetBoolean(),
                $"{id} is connected to Redis and subscribed");
        }
        return instance;
    }

    /// <summary>Waits until every running instance reports <paramref name="state"/> for the provider.</summary>
    public Task WaitForStateEverywhereAsync(string provider, string state, TimeSpan? timeout = null) =>
        Eventually.TrueAsync(async () =>
        {
            foreach (var instance in _instances.Where(i => i.Running))
            {
                if ((await instance.ProviderAsync(provider)).GetProperty("circuit_state").GetString() != state)
                {
                    return false;
                }
            }
            return true;
        }, $"every instance reports {provider} {state}", timeout);

    public async ValueTask DisposeAsync()
    {
        foreach (var instance in _instances)
        {
            await instance.DisposeAsync();
        }
    }

    private static IEnumerable<string> Provider(int index, string name, string kind, string model, int priority, Uri endpoint) =>
        GatewayArguments.Provider(index, name, kind, model, priority, endpoint, TimeSpan.FromSeconds(1));
}

/// <summary>One gateway host of a <see cref="GatewayCluster"/>.</summary>
public sealed class GatewayInstance : IAsyncDisposable
{
    private readonly WebApplication _app;

    public GatewayInstance(string id, WebApplication app)
    {
        Id = id;
        _app = app;
        Client = new HttpClient { BaseAddress = new Uri(app.Urls.First().TrimEnd('/') + "/"), Timeout = TimeSpan.FromSeconds(30) };
    }

    public string Id { get; }

    public HttpClient Client { get; }

    /// <summary>The host's services, for what the HTTP surface does not show.</summary>
    public IServiceProvider Services => _app.Services;

    public bool Running { get; private set; } = true;

    public Task<HttpResponseMessage> ChatAsync(CancellationToken cancellationToken = default) =>
        Client.PostAsJsonAsync("v1/chat/completions", new
        {
            model = "default",
            messages = new[] { new { role = "user", content = "Are you there?" } },
        }, cancellationToken);

    public async Task<JsonElement> ProviderAsync(string name)
    {
        var report = await Client.GetFromJsonAsync<JsonElement>("providers", TestContext.Current.CancellationToken);
        return report.GetProperty("providers").EnumerateArray().Single(p => p.GetProperty("name").GetString() == name).Clone();
    }

    public async Task<JsonElement> SyncAsync()
    {
        var report = await Client.GetFromJsonAsync<JsonElement>("providers", TestContext.Current.CancellationToken);
        return report.GetProperty("sync").Clone();
    }

    public async Task<JsonElement> HealthAsync()
    {
        using var response = await Client.GetAsync("health", TestContext.Current.CancellationToken);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).RootElement.Clone();
    }

    /// <summary>Stops the host at once, as a crashed replica would (its in-flight requests are cut).</summary>
    public async ValueTask DisposeAsync()
    {
        if (!Running)
        {
            return;
        }
        Running = false;
        Client.Dispose();
        using var immediate = new CancellationTokenSource(TimeSpan.FromMilliseconds(1));
        try
        {
            await _app.StopAsync(immediate.Token);
        }
        catch (OperationCanceledException)
        {
        }
        await _app.DisposeAsync();
    }
}
