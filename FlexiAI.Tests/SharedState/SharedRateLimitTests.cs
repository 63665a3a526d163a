using System.Diagnostics.Metrics;
using System.Net;
using System.Text.Json;
using FlexiAI.Tests.Infrastructure;
using FlexiAI.Tests.Simulator;
using Microsoft.Extensions.DependencyInjection;

namespace FlexiAI.Tests.SharedState;

/// <summary>Three replicas enforce one rate limit through Redis; without Redis, each enforces its share.</summary>
public sealed class SharedRateLimitTests(RealRedisFixture redis, SimulatorFixture simulator)
    : IClassFixture<RealRedisFixture>, IClassFixture<SimulatorFixture>
{
    private const int Limit = 30;

    [Fact]
    public async Task Three_replicas_enforce_one_limit()
    {
        var ct = TestContext.Current.CancellationToken;
        await simulator.ResetAsync(ct);
        await using var cluster = await GatewayCluster.StartAsync(redis.Require().ConnectionString, simulator, 3,
            new() { ["FlexiAI:RateLimit:RequestsPerMinute"] = Limit.ToString(System.Globalization.CultureInfo.InvariantCulture) });

        using var refusals = new RefusalCounter(cluster);
        var (allowed, limited) = await SendAsync(cluster, 2 * Limit);
        TestContext.Current.TestOutputHelper?.WriteLine($"limit {Limit}/min over 3 replicas: {allowed} of {2 * Limit} requests allowed");

        // A sliding window: within the two seconds this takes, at most one more request's worth of the limit frees up.
        Assert.InRange(allowed, Limit - 1, Limit + 1);
        Assert.Equal(2 * Limit - allowed, limited.Count);
        Assert.All(limited, AssertOpenAIRateLimitError);
        // Every 429 is counted by flexiai.requests.refused{reason=rate_limit_requests}, and the series is exported.
        await Eventually.TrueAsync(() => refusals.Count >= limited.Count, "every 429 is counted");
        Assert.Equal(limited.Count, refusals.Count);
        // (The page can hold the series more than once, as it did in one of nine runs here: this process's exporters see
        // the same-named instruments of every gateway the tests run in it.)
        var samples = PrometheusText.Samples(await cluster.Instances[0].Client.GetStringAsync("metrics", ct));
        Assert.Contains(samples, s => s.Name == "flexiai_requests_refused_total" && s.Labels.GetValueOrDefault("reason") == "rate_limit_requests");
    }

    /// <summary>
    /// The rate-limit refusals the cluster's own meters count (each gateway's meters come from its container's
    /// <see cref="IMeterFactory"/>). Not read from <c>/metrics</c>: the gateways of every test share this process, whose
    /// exporters merge same-named instruments of all of them, and a gateway another test disposes takes the merged series
    /// with it.
    /// </summary>
    private sealed class RefusalCounter : IDisposable
    {
        private readonly MeterListener _listener = new();
        private long _count;

        public RefusalCounter(GatewayCluster cluster)
        {
            var factories = cluster.Instances.Select(i => i.Services.GetRequiredService<IMeterFactory>()).ToHashSet();
            _listener.InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Name == "flexiai.requests.refused" && instrument.Meter.Scope is IMeterFactory factory && factories.Contains(factory))
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            };
            _listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
            {
                foreach (var tag in tags)
                {
                    if (tag is { Key: "reason", Value: "rate_limit_requests" })
                    {
                        Interlocked.Add(ref _count, value);
                    }
                }
            });
            _listener.Start();
        }

        public long Count => Interlocked.Read(ref _count);

        public void Dispose() => _listener.Dispose();
    }

    [Fact]
    public async Task Without_redis_each_replica_enforces_its_share()
    {
        var ct = TestContext.Current.CancellationToken;
        await simulator.ResetAsync(ct);
        await using var server = await RedisServerProcess.StartRedisAsync([], ct);
        await using var cluster = await GatewayCluster.StartAsync(server.ConnectionString, simulator, 3,
            new() { ["FlexiAI:RateLimit:RequestsPerMinute"] = Limit.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        // Each replica has seen the three (the registry is published every second).
        await Eventually.TrueAsync(async () =>
        {
            var view = await cluster.Instances[0].Client.GetStringAsync("cluster", ct);
            return JsonDocument.Parse(view).RootElement.GetProperty("replicas").GetArrayLength() == 3;
        }, "the replicas see each other");
        await Task.Delay(ReplicaPublishInterval, ct); // one more publication, so every replica has counted three
        await server.KillAsync();
        await Eventually.TrueAsync(async () => !(await cluster.Instances[0].HealthAsync()).GetProperty("redis_connected").GetBoolean(), "Redis is gone");

        var (allowed, limited) = await SendAsync(cluster, 2 * Limit);
        var health = await cluster.Instances[1].HealthAsync();
        TestContext.Current.TestOutputHelper?.WriteLine($"Redis down, limit {Limit}/min over 3 replicas: {allowed} of {2 * Limit} requests allowed");

        Assert.Equal(Limit, allowed); // 3 replicas x a share of 10
        Assert.All(limited, AssertOpenAIRateLimitError);
        Assert.Equal("degraded", health.GetProperty("checks").GetProperty("rate_limit").GetProperty("status").GetString());
    }

    [Fact]
    public async Task Streamed_answers_count_against_tokens_per_minute()
    {
        var ct = TestContext.Current.CancellationToken;
        await simulator.ResetAsync(ct);
        // The simulator's answers here use 45 tokens (5 prompt + 40 completion): the third stream passes the limit.
        await using var cluster = await GatewayCluster.StartAsync(redis.Require().ConnectionString, simulator, 1,
            new() { ["FlexiAI:RateLimit:TokensPerMinute"] = "100" });
        var gateway = cluster.Instances[0];
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++)
        {
            using var response = await gateway.Client.PostAsync("v1/chat/completions", new StringContent(
                """{"model":"default","stream":true,"stream_options":{"include_usage":true},"messages":[{"role":"user","content":"Are you there?"}]}""",
                System.Text.Encoding.UTF8, "application/json"), ct);
            await response.Content.ReadAsStringAsync(ct);
            statuses.Add(response.StatusCode);
        }

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], statuses);
    }

    [Fact]
    public async Task A_tight_limit_holds_across_three_replicas_under_concurrent_load()
    {
        // 300 a minute, leased 3 at a time (1%): 900 requests, 4 at a time on each of 3 replicas.
        const int limit = 300;
        const int lease = 3;
        const int replicas = 3;
        var ct = TestContext.Current.CancellationToken;
        await simulator.ResetAsync(ct);
        await using var cluster = await GatewayCluster.StartAsync(redis.Require().ConnectionString, simulator, replicas,
            new() { ["FlexiAI:RateLimit:RequestsPerMinute"] = limit.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        await Eventually.TrueAsync(async () =>
        {
            var view = await cluster.Instances[0].Client.GetStringAsync("cluster", ct);
            return JsonDocument.Parse(view).RootElement.GetProperty("replicas").GetArrayLength() == replicas;
        }, "the replicas see each other");

        var started = DateTimeOffset.UtcNow;
        var results = await Task.WhenAll(cluster.Instances.SelectMany(instance => Enumerable.Range(0, 4).Select(async _ =>
        {
            var outcome = (Allowed: 0, Limited: new List<(HttpStatusCode, string?, string)>());
            for (var i = 0; i < limit / 4; i++)
            {
                using var response = await instance.ChatAsync(ct);
                if (response.IsSuccessStatusCode)
                {
                    outcome.Allowed++;
                }
                else
                {
                    outcome.Limited.Add(await LimitedAsync(response, limit));
                }
            }
            return outcome;
        })));
        var ended = DateTimeOffset.UtcNow;
        var allowed = results.Sum(r => r.Allowed);

        // The sliding window frees permits only once a new minute starts: as much of the limit as the new minute has run.
        var freed = Window(started) == Window(ended) ? 0 : (int)Math.Ceiling(limit * (ended.ToUnixTimeMilliseconds() % 60_000) / 60_000.0);
        var tolerance = Math.Max((int)Math.Ceiling(0.02 * limit), replicas * lease);
        TestContext.Current.TestOutputHelper?.WriteLine(
            $"limit {limit}/min, lease {lease}, {replicas} replicas x 4 clients: {allowed} of {3 * limit} requests allowed " +
            $"in {(ended - started).TotalSeconds:0.0} s ({allowed - limit:+0;-0;0} against the limit; {freed} freed by a new minute)");
        Assert.InRange(allowed, limit - replicas * lease, limit + freed + tolerance);
        var limited = results.SelectMany(r => r.Limited).ToList();
        Assert.Equal(3 * limit - allowed, limited.Count);
        Assert.All(limited, AssertOpenAIRateLimitError);
    }

    private static long Window(DateTimeOffset time) => time.ToUnixTimeMilliseconds() / 60_000;

    private static readonly TimeSpan ReplicaPublishInterval = TimeSpan.FromSeconds(1.2);

    private static async Task<(int Allowed, List<(HttpStatusCode Status, string? RetryAfter, string Body)> Limited)> SendAsync(
        GatewayCluster cluster, int requests)
    {
        var allowed = 0;
        var limited = new List<(HttpStatusCode, string?, string)>();
        for (var i = 0; i < requests; i++)
        {
            using var response = await cluster.Instances[i % cluster.Instances.Count].ChatAsync(TestContext.Current.CancellationToken);
            if (response.IsSuccessStatusCode)
            {
                allowed++;
            }
            else
            {
                limited.Add(await LimitedAsync(response, Limit));
            }
        }
        return (allowed, limited);
    }

    /// <summary>A refusal: its status, its <c>Retry-After</c> in seconds, and its body, once its headers are checked.</summary>
    private static async Task<(HttpStatusCode Status, string? RetryAfter, string Body)> LimitedAsync(HttpResponseMessage response, int limit)
    {
        // What OpenAI's clients read: the limit, nothing remaining, and when it resets (a duration such as "12s" or "1m3s").
        Assert.Equal(limit.ToString(System.Globalization.CultureInfo.InvariantCulture), response.Headers.GetValues("x-ratelimit-limit-requests").Single());
        Assert.Equal("0", response.Headers.GetValues("x-ratelimit-remaining-requests").Single());
        Assert.Matches(@"^(\d+ms|\d+s|\d+m\d+s)$", response.Headers.GetValues("x-ratelimit-reset-requests").Single());
        Assert.True(long.Parse(response.Headers.GetValues("retry-after-ms").Single(), System.Globalization.CultureInfo.InvariantCulture) > 0);
        return (response.StatusCode, response.Headers.RetryAfter?.Delta?.TotalSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
            await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }

    private static void AssertOpenAIRateLimitError((HttpStatusCode Status, string? RetryAfter, string Body) response)
    {
        Assert.Equal(HttpStatusCode.TooManyRequests, response.Status);
        Assert.NotNull(response.RetryAfter);
        using var json = JsonDocument.Parse(response.Body);
        Assert.Equal("rate_limit_exceeded", json.RootElement.GetProperty("error").GetProperty("code").GetString());
    }
}
