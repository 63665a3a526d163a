using System.Globalization;
using System.Net.Http.Headers;
using FlexiAI.Tests.Infrastructure;
using FlexiAI.Tests.Simulator;
using StackExchange.Redis;

namespace FlexiAI.Tests.SharedState;

/// <summary>
/// With every production control on (client keys, request and token limits, metrics, breaker sync; cache off), a
/// request that succeeds costs Redis nothing: counted by the server itself (<c>INFO commandstats</c>) on its own
/// redis-server.
/// </summary>
public sealed class RateLimitSuccessPathTests(RealRedisFixture redis, SimulatorFixture simulator)
    : IClassFixture<RealRedisFixture>, IClassFixture<SimulatorFixture>
{
    private const string ClientKey = "client-key-0123456789abcdef";
    private const int Requests = 1000;

    [Fact]
    public async Task Successful_requests_send_no_commands_to_redis()
    {
        var ct = TestContext.Current.CancellationToken;
        var server = redis.Require();
        await simulator.ResetAsync(ct);
        await using var cluster = await GatewayCluster.StartAsync(server.ConnectionString, simulator, 1, new()
        {
            ["FlexiAI:Auth:ClientKeys:0"] = ClientKey,
            ["FlexiAI:RateLimit:RequestsPerMinute"] = "1000000",
            ["FlexiAI:RateLimit:TokensPerMinute"] = "100000000",
        }, waitForSync: false);
        var gateway = cluster.Instances[0];
        gateway.Client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", ClientKey);
        await Eventually.TrueAsync(async () => (await gateway.SyncAsync()).GetProperty("connected").GetBoolean(), "the replica is connected to Redis");
        // The first request of a caller on a replica leases its budgets: that one waits on Redis, by design.
        using (var first = await gateway.ChatAsync(ct))
        {
            first.EnsureSuccessStatusCode();
        }
        await using var admin = await ConnectionMultiplexer.ConnectAsync(server.ConnectionString + ",allowAdmin=true");
        var redisServer = admin.GetServer(admin.GetEndPoints()[0]);

        var before = await CommandCountsAsync(redisServer);
        var started = DateTime.UtcNow;
        for (var i = 0; i < Requests; i++)
        {
            using var response = await gateway.Client.PostAsync("v1/chat/completions", new StringContent(
                """{"model":"default","messages":[{"role":"user","content":"Are you there?"}]}""", System.Text.Encoding.UTF8, "application/json"), ct);
            response.EnsureSuccessStatusCode();
        }
        var seconds = (DateTime.UtcNow - started).TotalSeconds;
        var after = await CommandCountsAsync(redisServer);

        var delta = after.Where(a => a.Key != "info").ToDictionary(a => a.Key, a => a.Value - before.GetValueOrDefault(a.Key))
            .Where(d => d.Value > 0).ToDictionary();
        var total = delta.Values.Sum();
        TestContext.Current.TestOutputHelper?.WriteLine(
            $"{Requests} requests in {seconds:0.0} s: {total} Redis commands ({string.Join(", ", delta.Select(d => $"{d.Key} {d.Value}"))})");
        // Nothing per request: what Redis receives meanwhile is the replica's background work (its report every second,
        // reconcile every 5 s, heartbeats), which depends on the time taken, not on the requests.
        Assert.True(total <= 12 * Math.Ceiling(seconds) + 10,
            $"{total} commands during {Requests} requests over {seconds:0.0} s: {string.Join(", ", delta.Select(d => $"{d.Key} {d.Value}"))}");
        Assert.True(total < Requests / 20, $"{total} commands for {Requests} requests");
        // Every rate-limit decision in Redis is a script, and the background work runs none while breakers stay closed.
        Assert.Equal(0, delta.GetValueOrDefault("evalsha") + delta.GetValueOrDefault("eval"));
    }

    private static async Task<Dictionary<string, long>> CommandCountsAsync(IServer server)
    {
        var counts = new Dictionary<string, long>();
        foreach (var group in await server.InfoAsync("commandstats"))
        {
            foreach (var (key, value) in group)
            {
                // cmdstat_evalsha: calls=12,usec=...
                var calls = value.Split(',')[0];
                counts[key["cmdstat_".Length..]] = long.Parse(calls["calls=".Length..], CultureInfo.InvariantCulture);
            }
        }
        return counts;
    }
}
