using FlexiAI.Api.RateLimiting;
using FlexiAI.Options;
using FlexiAI.Redis;
using FlexiAI.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace FlexiAI.Tests.RateLimiting;

/// <summary>A replica forgets the budgets of callers it has not seen for two minutes; callers still calling keep theirs.</summary>
public sealed class IdleBudgetEvictionTests(RealRedisFixture redis) : IClassFixture<RealRedisFixture>
{
    [Fact]
    public async Task Budgets_of_idle_callers_are_evicted()
    {
        var options = Microsoft.Extensions.Options.Options.Create(new FlexiAIOptions
        {
            Redis = new RedisOptions { ConnectionString = redis.Require().ConnectionString, KeyPrefix = "evict-" + Guid.NewGuid().ToString("N")[..8] },
            RateLimit = new RateLimitOptions { RequestsPerMinute = 1000, TokensPerMinute = 100_000 },
        });
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 1, 12, 0, 0, TimeSpan.Zero));
        await using var connection = new RedisConnection(options, NullLogger<RedisConnection>.Instance);
        connection.Start();
        await connection.Created;
        using var limiter = new DistributedRateLimiter(connection, () => 1, options, time, NullLogger<DistributedRateLimiter>.Instance);

        foreach (var caller in new[] { "key:a", "key:b", "ip:10.0.0.1" })
        {
            Assert.True((await limiter.AcquireAsync(caller)).Allowed);
        }
        limiter.AddTokens("key:a", 50);
        Assert.Equal(6, limiter.BudgetCount); // three callers, two limits each

        for (var minute = 0; minute < 3; minute++)
        {
            Assert.True((await limiter.AcquireAsync("key:a")).Allowed);
            time.Advance(TimeSpan.FromMinutes(1));
        }
        await Eventually.TrueAsync(() => limiter.BudgetCount == 2, "only the caller still calling keeps its budgets");
        Assert.True((await limiter.AcquireAsync("key:b")).Allowed); // a caller evicted and back starts again
    }
}
