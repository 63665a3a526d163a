using System.Diagnostics;
using FlexiAI.Tests.Infrastructure;
using FlexiAI.Tests.Simulator;
using StackExchange.Redis;

namespace FlexiAI.Tests.SharedState;

/// <summary>
/// The shared-state promises (ARCHITECTURE.md, "Shared breaker state") with three gateway instances on one real
/// Redis-compatible server: cluster-wide counting, propagation, late joiners, lost messages, single-flight recovery,
/// a prober that dies, and Redis going away and coming back. Runs on redis-server and on Garnet.
/// </summary>
public abstract class SharedBreakerContract(RedisServerFixture redis, SimulatorFixture simulator) : IAsyncLifetime
{
    private const string Primary = SimulatorFixture.OpenAIProvider;

    /// <summary>How soon every instance must report a change: propagation takes well under a millisecond (docs/benchmarks.md);
    /// the bound leaves room for polling three hosts over HTTP on a loaded 2-core test machine.</summary>
    private static readonly TimeSpan PropagationBound = TimeSpan.FromSeconds(3);
    private const string Secondary = SimulatorFixture.AnthropicProvider;
    private readonly CancellationToken _ct = TestContext.Current.CancellationToken;
    private GatewayCluster? _cluster;

    public async ValueTask InitializeAsync() => await simulator.ResetAsync(TestContext.Current.CancellationToken);

    public async ValueTask DisposeAsync()
    {
        if (_cluster is not null)
        {
            await _cluster.DisposeAsync();
        }
        GC.SuppressFinalize(this);
    }

    private async Task<GatewayCluster> StartClusterAsync(Dictionary<string, string>? overrides = null) =>
        _cluster = await GatewayCluster.StartAsync(redis.Require().ConnectionString, simulator, 3, overrides);

    [Fact]
    public async Task A_dead_provider_gets_about_threshold_calls_from_the_whole_cluster()
    {
        // A replica that gives up waiting on Redis counts failures locally, by design (SlowRedisTests). CI once saw 18 calls
        // here, one over the bound; a script reply later than the cluster's 1 s on a loaded 2-core machine is the one way
        // found to get there. This test is about the shared count, so Redis gets the longest time allowed to answer.
        var cluster = await StartClusterAsync(new() { ["FlexiAI:Redis:OperationTimeout"] = "00:00:05" });
        await simulator.SetFaultAsync(Primary, new { mode = "error", status = 500 }, _ct);
        const int WorkersPerInstance = 4;
        const int RequestsPerWorker = 10;

        var failed = 0;
        await Task.WhenAll(cluster.Instances.SelectMany(instance => Enumerable.Range(0, WorkersPerInstance).Select(async _ =>
        {
            for (var i = 0; i < RequestsPerWorker; i++)
            {
                using var response = await instance.ChatAsync(_ct);
                if (!response.IsSuccessStatusCode)
                {
                    Interlocked.Increment(ref failed);
                }
            }
        })));

        Assert.Equal(0, failed);
        await cluster.WaitForStateEverywhereAsync(Primary, "OPEN", PropagationBound);
        var calls = (await simulator.GetStatsAsync(Primary, _ct)).GetProperty("calls").GetInt64();
        // The threshold, then at most one more call per worker: the one in flight when the breaker tripped, or one started
        // before its replica heard (that call's own failure report answers OPEN).
        var concurrency = cluster.Instances.Count * WorkersPerInstance;
        Assert.InRange(calls, 5, 5 + concurrency);
    }

    [Fact]
    public async Task An_admin_open_reaches_every_instance_and_a_late_joiner_sees_it_at_once()
    {
        var cluster = await StartClusterAsync();

        using (var opened = await cluster.Instances[0].Client.PostAsync($"providers/{Primary}/open", null, _ct))
        {
            opened.EnsureSuccessStatusCode();
        }
        await cluster.WaitForStateEverywhereAsync(Primary, "OPEN", PropagationBound);

        var late = await cluster.AddInstanceAsync(waitForSync: false);
        await Eventually.TrueAsync(async () => (await late.ProviderAsync(Primary)).GetProperty("circuit_state").GetString() == "OPEN",
            "the late joiner reports OPEN", TimeSpan.FromSeconds(2));
        using var answer = await late.ChatAsync(_ct);
        Assert.Equal(Secondary, answer.Headers.GetValues("x-flexiai-provider").Single());
        Assert.Equal(0, (await simulator.GetStatsAsync(Primary, _ct)).GetProperty("calls").GetInt64());

        using (var reset = await cluster.Instances[2].Client.PostAsync($"providers/{Primary}/reset", null, _ct))
        {
            reset.EnsureSuccessStatusCode();
        }
        await cluster.WaitForStateEverywhereAsync(Primary, "CLOSED", PropagationBound);
    }

    [Fact]
    public async Task A_lost_message_is_repaired_by_the_periodic_reconcile()
    {
        var cluster = await StartClusterAsync(new() { ["FlexiAI:Sync:ReconcileInterval"] = "00:00:00.300" });
        var now = DateTimeOffset.UtcNow;

        // A change written to Redis whose announcement never arrives.
        await using (var direct = await ConnectionMultiplexer.ConnectAsync(redis.Require().ConnectionString))
        {
            await direct.GetDatabase().HashSetAsync($"{{{cluster.KeyPrefix}}}:breaker:{Primary}",
            [
                new("s", 2), new("f", 5), new("e", (now.ToUnixTimeMilliseconds() + 1) * 1000), new("lf", now.ToUnixTimeMilliseconds()),
                new("oa", now.ToUnixTimeMilliseconds()), new("ra", now.AddMinutes(5).ToUnixTimeMilliseconds()), new("le", "written behind the gateways' backs"),
            ]);
        }

        await cluster.WaitForStateEverywhereAsync(Primary, "OPEN", TimeSpan.FromSeconds(3));
        var view = await cluster.Instances[1].ProviderAsync(Primary);
        Assert.Equal("written behind the gateways' backs", view.GetProperty("last_error").GetString());
    }

    [Fact]
    public async Task Recovery_under_traffic_sends_exactly_one_probe_for_the_cluster()
    {
        var cluster = await StartClusterAsync(new() { ["FlexiAI:CircuitBreaker:RecoveryTimeout"] = "00:00:01" });
        using (var opened = await cluster.Instances[0].Client.PostAsync($"providers/{Primary}/open", null, _ct))
        {
            opened.EnsureSuccessStatusCode();
        }
        await cluster.WaitForStateEverywhereAsync(Primary, "OPEN");
        // The probe is slow (700 ms, within the 1 s attempt timeout) and then refused with Retry-After 30 s: the breaker
        // reopens for 30 s, and exactly one call must have reached the provider while every instance kept sending traffic.
        await simulator.SetFaultAsync(Primary, new { mode = "rate_limit", retry_after_s = 30, latency_ms = 700 }, _ct);
        var openedAt = (await cluster.Instances[0].ProviderAsync(Primary)).GetProperty("opened_at").GetDateTimeOffset();

        using var stop = new CancellationTokenSource();
        var failed = 0;
        var traffic = cluster.Instances.SelectMany(instance => Enumerable.Range(0, 3).Select(async _ =>
        {
            while (!stop.IsCancellationRequested)
            {
                using var response = await instance.ChatAsync(CancellationToken.None);
                if (!response.IsSuccessStatusCode)
                {
                    Interlocked.Increment(ref failed);
                }
            }
        })).ToList();

        await Eventually.TrueAsync(async () =>
        {
            var view = await cluster.Instances[0].ProviderAsync(Primary);
            return view.GetProperty("circuit_state").GetString() == "OPEN" && view.GetProperty("opened_at").GetDateTimeOffset() > openedAt;
        }, "the probe failed and the breaker reopened", TimeSpan.FromSeconds(10));
        await stop.CancelAsync();
        await Task.WhenAll(traffic);

        Assert.Equal(1, (await simulator.GetStatsAsync(Primary, _ct)).GetProperty("calls").GetInt64());
        Assert.True(failed <= cluster.Instances.Count * 3, $"{failed} requests failed");
    }

    [Fact]
    public async Task When_the_probing_instance_dies_another_probes_after_its_lease_expires()
    {
        // A 2 s Redis operation timeout (50 ms by default): this is about the lease's life, and a lease script that
        // outlives the operation timeout on a loaded machine is given back at once (the prober then probes on its own,
        // degraded), so the others would rightly probe early.
        var cluster = await StartClusterAsync(new()
        {
            ["FlexiAI:CircuitBreaker:RecoveryTimeout"] = "00:00:01",
            ["FlexiAI:Redis:OperationTimeout"] = "00:00:02",
        });
        using (var opened = await cluster.Instances[0].Client.PostAsync($"providers/{Primary}/open", null, _ct))
        {
            opened.EnsureSuccessStatusCode();
        }
        await simulator.SetFaultAsync(Primary, new { mode = "timeout" }, _ct);
        await Eventually.TrueAsync(async () => (await cluster.Instances[0].ProviderAsync(Primary)).GetProperty("circuit_state").GetString() == "HALF_OPEN",
            "recovery is due", TimeSpan.FromSeconds(5));

        // Instance 1 takes the probe (the provider hangs), then dies mid-probe.
        var prober = cluster.Instances[0];
        var probe = prober.ChatAsync(CancellationToken.None);
        await simulator.WaitForStatsAsync(Primary, s => s.GetProperty("calls").GetInt64() == 1, cancellationToken: _ct);
        var probeStarted = Stopwatch.StartNew();
        await prober.DisposeAsync();
        try
        {
            (await probe).Dispose();
        }
        catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
        {
            // The dead instance's caller loses its request: expected.
        }
        await simulator.SetFaultAsync(Primary, new { mode = "ok" }, _ct);

        // The others skip the provider while the lease lives, then one of them probes and closes the breaker.
        var survivors = cluster.Instances.Skip(1).ToList();
        await Eventually.TrueAsync(async () =>
        {
            foreach (var instance in survivors)
            {
                using var response = await instance.ChatAsync(_ct);
                Assert.True(response.IsSuccessStatusCode);
            }
            return (await survivors[0].ProviderAsync(Primary)).GetProperty("circuit_state").GetString() == "CLOSED";
        }, "a surviving instance probes and the breaker closes", TimeSpan.FromSeconds(20));

        var secondProbeAfter = probeStarted.Elapsed;
        // Lease = attempt timeout (1 s) + 5 s margin; nobody probed before it expired.
        Assert.True(secondProbeAfter >= TimeSpan.FromSeconds(5), $"second probe after {secondProbeAfter}");
        Assert.True((await simulator.GetStatsAsync(Primary, _ct)).GetProperty("calls").GetInt64() >= 2);
        await cluster.WaitForStateEverywhereAsync(Primary, "CLOSED");
    }

    [Fact]
    public async Task Redis_going_away_fails_no_request_and_a_breaker_opened_meanwhile_is_kept()
    {
        var server = redis.Require();
        var cluster = await StartClusterAsync(new()
        {
            ["FlexiAI:Sync:ReconcileInterval"] = "00:00:01",
            // The secondary answers every request once the primary is open. This test is about Redis going away, not
            // about attempt timeouts: with the cluster's 1 s, one answer on a loaded machine came too late (a 502
            // "sim-anthropic: timeout after 1s", 3.7 s after Redis was back).
            ["FlexiAI:Providers:1:Timeout"] = "00:00:10",
        });
        using var stop = new CancellationTokenSource();
        var failures = new System.Collections.Concurrent.ConcurrentQueue<string>();
        var sent = 0;
        DateTimeOffset killedAt = default, restartedAt = default;
        // Traffic from every instance throughout: before, during and after the outage.
        var traffic = cluster.Instances.Select(async instance =>
        {
            while (!stop.IsCancellationRequested)
            {
                using var response = await instance.ChatAsync(CancellationToken.None);
                Interlocked.Increment(ref sent);
                if (!response.IsSuccessStatusCode)
                {
                    // What failed, and when against the outage, so that a failure here can be traced.
                    failures.Enqueue($"{DateTimeOffset.UtcNow:HH:mm:ss.fff} {(int)response.StatusCode} " +
                        $"attempts={response.Header("x-flexiai-attempts")} {await response.Content.ReadAsStringAsync(CancellationToken.None)}");
                }
            }
        }).ToList();
        try
        {
            await Eventually.TrueAsync(() => Volatile.Read(ref sent) >= 30, "traffic flows");
            killedAt = DateTimeOffset.UtcNow;
            await server.KillAsync();
            await Eventually.TrueAsync(async () =>
            {
                foreach (var instance in cluster.Instances)
                {
                    var health = await instance.HealthAsync();
                    if (health.GetProperty("redis_connected").GetBoolean() || health.GetProperty("status").GetString() != "degraded")
                    {
                        return false;
                    }
                }
                return true;
            }, "every instance reports degraded, redis_connected false");

            // The primary dies while Redis is away: each instance opens its own breaker.
            await simulator.SetFaultAsync(Primary, new { mode = "error", status = 500 }, _ct);
            await cluster.WaitForStateEverywhereAsync(Primary, "OPEN");
        }
        finally
        {
            restartedAt = DateTimeOffset.UtcNow;
            await server.StartAgainAsync(_ct);
        }
        await stop.CancelAsync();
        await Task.WhenAll(traffic);
        Assert.True(failures.IsEmpty, $"{failures.Count} of {sent} requests failed; Redis killed at {killedAt:HH:mm:ss.fff}, " +
            $"started again at {restartedAt:HH:mm:ss.fff}:\n{string.Join('\n', failures)}");

        // Redis is back, empty: the instances reconnect (the client retries every second), and the breaker opened during
        // the outage is in Redis and open everywhere. 15 s: this test host runs three gateways beside other test classes,
        // and on a loaded machine one GET /providers here took 5 s to answer (2026-12-02), two instances still reporting
        // "not connected" when a 5 s wait ran out.
        var backAt = DateTimeOffset.UtcNow;
        var sync = new string[cluster.Instances.Count];
        await Eventually.TrueAsync(async () =>
        {
            var connected = true;
            for (var i = 0; i < sync.Length; i++)
            {
                var status = await cluster.Instances[i].SyncAsync();
                sync[i] = $"{DateTimeOffset.UtcNow:HH:mm:ss.fff} {status.GetRawText()}";
                connected &= status.GetProperty("connected").GetBoolean();
            }
            return connected;
        }, "every instance is connected again", TimeSpan.FromSeconds(15),
            () => $"Redis started again at {restartedAt:HH:mm:ss.fff}, waiting since {backAt:HH:mm:ss.fff}; each instance's sync: {string.Join("; ", sync)}");
        await using var direct = await ConnectionMultiplexer.ConnectAsync(server.ConnectionString);
        var key = $"{{{cluster.KeyPrefix}}}:breaker:{Primary}";
        await Eventually.TrueAsync(async () => (string?)await direct.GetDatabase().HashGetAsync(key, "s") == "2",
            "the open breaker is written back to Redis", TimeSpan.FromSeconds(5));
        await cluster.WaitForStateEverywhereAsync(Primary, "OPEN");
    }
}

public sealed class RedisServerSharedBreakerTests(RealRedisFixture redis, SimulatorFixture simulator)
    : SharedBreakerContract(redis, simulator), IClassFixture<RealRedisFixture>, IClassFixture<SimulatorFixture>;

public sealed class GarnetSharedBreakerTests(GarnetFixture garnet, SimulatorFixture simulator)
    : SharedBreakerContract(garnet, simulator), IClassFixture<GarnetFixture>, IClassFixture<SimulatorFixture>;
