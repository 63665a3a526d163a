using BenchmarkDotNet.Attributes;
using FlexiAI.Api.RateLimiting;
using FlexiAI.Api.Security;
using FlexiAI.Options;
using FlexiAI.Redis;
using Microsoft.Extensions.Logging.Abstractions;

namespace FlexiAI.Bench;

/// <summary>
/// The gateway's own part of the production controls on an admitted request, without ASP.NET Core's middlewares around
/// them: the shared limits' decision (request and token limits on, budgets leased from a real redis-server, then decided
/// locally) with the answer's tokens charged after it, and a key checked in full (what a new connection, or any request
/// that is not a keep-alive HTTP/1.1 one with the same bearer header, costs). What the load harness's production row adds
/// beyond these is the framework's (docs/benchmarks.md, "A slower, noisier machine").
/// <c>dotnet run -c Release --project FlexiAI.Bench -- --filter *ProductionControls*</c> (needs <c>redis-server</c>)
/// </summary>
[MemoryDiagnoser]
public class ProductionControlsBenchmarks
{
    private const string Key = "bench-client-key-0123456789abcdef";
    private const string Partition = "key:0123456789ab";

    private BenchRedis _redis = null!;
    private RedisConnection _connection = null!;
    private DistributedRateLimiter _limiter = null!;
    private KeyAuthenticator _keys = null!;

    [GlobalSetup]
    public void Setup()
    {
        _redis = BenchRedis.Start();
        var options = Microsoft.Extensions.Options.Options.Create(new FlexiAIOptions
        {
            Redis = new RedisOptions { ConnectionString = _redis.ConnectionString, KeyPrefix = "bench-" + Guid.NewGuid().ToString("N")[..8] },
            // The harness's production limits: never reached, so this is the cost of admitting.
            RateLimit = new RateLimitOptions { RequestsPerMinute = 1_000_000_000, TokensPerMinute = 2_000_000_000 },
            Auth = new AuthOptions { ClientKeys = [Key, "another-client-key-0123456789abcd"], AdminKeys = ["bench-admin-key-0123456789abcdef"] },
        });
        _connection = new RedisConnection(options, NullLogger<RedisConnection>.Instance);
        _connection.Start();
        _connection.Created.GetAwaiter().GetResult();
        _limiter = new DistributedRateLimiter(_connection, () => 1, options, TimeProvider.System, NullLogger<DistributedRateLimiter>.Instance);
        // The first decision leases both budgets from Redis; every one measured after it is local.
        if (!_limiter.AcquireAsync(Partition).AsTask().GetAwaiter().GetResult().Allowed)
        {
            throw new InvalidOperationException("the first request was refused");
        }
        _keys = new KeyAuthenticator(options);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _limiter.Dispose();
        _connection.Dispose();
        _redis.Dispose();
    }

    [Benchmark]
    public bool Admit_a_request_and_charge_its_tokens()
    {
        var admitted = _limiter.TryAcquireNow(Partition, out var decision) && decision.Allowed;
        _limiter.AddTokens(Partition, 45);
        return admitted;
    }

    [Benchmark]
    public CallerRole Check_a_key_in_full() => _keys.Authenticate(Key).Role;
}
