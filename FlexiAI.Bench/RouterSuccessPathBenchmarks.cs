using BenchmarkDotNet.Attributes;
using FlexiAI.Breakers;
using FlexiAI.Providers;
using FlexiAI.Redis;
using FlexiAI.Routing;
using FlexiAI.Telemetry;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace FlexiAI.Bench;

/// <summary>
/// The router's own cost on the success path (an attempt that succeeds at once, no HTTP), with breaker state in memory
/// against shared through Redis. The design promise: a success on a CLOSED breaker costs no Redis round trip, so the
/// two must be equal. <c>dotnet run -c Release --project FlexiAI.Bench -- --filter *RouterSuccessPath*</c>
/// </summary>
[MemoryDiagnoser]
public class RouterSuccessPathBenchmarks
{
    private BenchRedis? _redis;
    private RedisConnection? _connection;
    private IBreakerStateStore _store = null!;
    private FailoverRouter _router = null!;
    private IReadOnlyList<Provider> _route = null!;
    private ServiceProvider _services = null!;
    private static readonly Func<AttemptContext, Task<int>> Attempt = static _ => Task.FromResult(1);

    [Params("memory", "redis")]
    public string Store { get; set; } = "memory";

    [GlobalSetup]
    public void Setup()
    {
        var options = BenchRedis.Options("bench-" + Guid.NewGuid().ToString("N")[..8], "primary", "secondary");
        _services = new ServiceCollection().AddMetrics().AddHttpClient().BuildServiceProvider();
        if (Store == "redis")
        {
            _redis = BenchRedis.Start();
            _store = _redis.CreateStore(options, out _connection);
        }
        else
        {
            _store = new InMemoryBreakerStateStore(Microsoft.Extensions.Options.Options.Create(options), TimeProvider.System);
        }
        var catalog = new ProviderCatalog(Microsoft.Extensions.Options.Options.Create(options), _services.GetRequiredService<IHttpClientFactory>(),
            _services.GetRequiredService<IHttpMessageHandlerFactory>());
        _route = catalog.All;
        _router = new FailoverRouter(_store, new ProviderCounters(), TimeProvider.System,
            new FlexiAITelemetry(_services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>()), NullLogger<FailoverRouter>.Instance);
    }

    [Benchmark]
    public async Task<int> Route_a_successful_request() =>
        (await _router.ExecuteAsync(_route, Attempt, streaming: false, CancellationToken.None)).Value;

    [GlobalCleanup]
    public void Cleanup()
    {
        (_store as IDisposable)?.Dispose();
        _connection?.Dispose();
        _redis?.Dispose();
        _services.Dispose();
    }
}
