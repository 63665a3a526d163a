using FlexiAI.Tests.Infrastructure;
using FlexiAI.Tests.Simulator;
using StackExchange.Redis;

namespace FlexiAI.Tests.SharedState;

/// <summary>
/// The shared breakers on the Redis deployments production uses, chosen by the connection string alone: a password,
/// Sentinel (with a failover while the gateways run), and a three-master Redis Cluster.
/// </summary>
public sealed class RedisDeploymentTests(SimulatorFixture simulator) : IClassFixture<SimulatorFixture>, IAsyncLifetime
{
    private const string Primary = SimulatorFixture.OpenAIProvider;

    /// <summary>How soon every instance must report a change: propagation takes well under a millisecond (docs/benchmarks.md);
    /// the bound leaves room for polling three hosts over HTTP on a loaded 2-core test machine.</summary>
    private static readonly TimeSpan PropagationBound = TimeSpan.FromSeconds(3);
    private readonly CancellationToken _ct = TestContext.Current.CancellationToken;
    private readonly List<IAsyncDisposable> _owned = [];

    public async ValueTask InitializeAsync()
    {
        if (RedisServerProcess.Unavailable(RedisServerKind.RedisServer) is { } reason)
        {
            Assert.Skip(reason);
        }
        await simulator.ResetAsync(_ct);
    }

    public async ValueTask DisposeAsync()
    {
        for (var i = _owned.Count - 1; i >= 0; i--)
        {
            await _owned[i].DisposeAsync();
        }
        GC.SuppressFinalize(this);
    }

    private T Own<T>(T owned) where T : IAsyncDisposable
    {
        _owned.Add(owned);
        return owned;
    }

    [Fact]
    public async Task Works_with_a_password_protected_server()
    {
        const string Password = "s3cret-for-tests";
        var server = Own(await RedisServerProcess.StartRedisAsync(["--requirepass", Password], _ct, password: Password));
        var cluster = Own(await GatewayCluster.StartAsync(server.ConnectionString, simulator, 3));

        await AssertAdminActionsPropagateAsync(cluster);
    }

    [Fact]
    public async Task Works_over_tls_with_a_private_certificate_authority()
    {
        var certificates = Own(await TestCertificates.CreateAsync(_ct));
        var tlsPort = LoopbackPorts.Free();
        var server = Own(await RedisServerProcess.StartRedisAsync(
        [
            "--tls-port", tlsPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--tls-cert-file", certificates.ServerCertificate, "--tls-key-file", certificates.ServerKey,
            "--tls-ca-cert-file", certificates.Authority, "--tls-auth-clients", "no",
        ], _ct));
        var cluster = Own(await GatewayCluster.StartAsync($"127.0.0.1:{tlsPort},ssl=true,sslHost=localhost", simulator, 3,
            new() { ["FlexiAI:Sync:TlsCaCertificatePath"] = certificates.Authority }));

        await AssertAdminActionsPropagateAsync(cluster);
        Assert.True(server.IsRunning);
    }

    [Fact]
    public async Task Follows_a_sentinel_failover()
    {
        var topology = Own(await RedisSentinelTopology.StartAsync(_ct));
        var cluster = Own(await GatewayCluster.StartAsync(topology.ConnectionString, simulator, 3));
        await AssertAdminActionsPropagateAsync(cluster);

        // The master dies; the sentinel promotes the replica; the gateways follow it.
        await topology.Master.KillAsync();
        var replicaPort = topology.Replica.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        await Eventually.TrueAsync(async () =>
        {
            var reply = await RawResp.CommandAsync(topology.Sentinel.Port, _ct, "SENTINEL", "get-master-addr-by-name", RedisSentinelTopology.ServiceName);
            return reply.Contains("\r\n" + replicaPort + "\r\n", StringComparison.Ordinal);
        }, "the sentinel promotes the replica", TimeSpan.FromSeconds(20));

        await Eventually.TrueAsync(async () =>
        {
            using var opened = await cluster.Instances[1].Client.PostAsync($"providers/{Primary}/open", null, _ct);
            var view = await cluster.Instances[2].ProviderAsync(Primary);
            return opened.IsSuccessStatusCode && view.GetProperty("circuit_state").GetString() == "OPEN" &&
                   (await cluster.Instances[2].SyncAsync()).GetProperty("connected").GetBoolean();
        }, "the gateways write to the new master and hear each other again", TimeSpan.FromSeconds(20));
        await cluster.WaitForStateEverywhereAsync(Primary, "OPEN", TimeSpan.FromSeconds(5));
        await using var promoted = await ConnectionMultiplexer.ConnectAsync(topology.Replica.ConnectionString);
        Assert.Equal("2", (string?)await promoted.GetDatabase().HashGetAsync($"{{{cluster.KeyPrefix}}}:breaker:{Primary}", "s"));
    }

    [Fact]
    public async Task Works_on_a_three_master_cluster()
    {
        var topology = Own(await RedisClusterTopology.StartAsync(_ct));
        var cluster = Own(await GatewayCluster.StartAsync(topology.ConnectionString, simulator, 3));

        // Cluster-wide counting: the scripts run on the node that owns the prefix's slot, whichever node each gateway asked.
        await simulator.SetFaultAsync(Primary, new { mode = "error", status = 500 }, _ct);
        await Task.WhenAll(cluster.Instances.SelectMany(instance => Enumerable.Range(0, 2).Select(async _ =>
        {
            for (var i = 0; i < 6; i++)
            {
                using var response = await instance.ChatAsync(_ct);
                Assert.True(response.IsSuccessStatusCode);
            }
        })));
        await cluster.WaitForStateEverywhereAsync(Primary, "OPEN", PropagationBound);
        Assert.InRange((await simulator.GetStatsAsync(Primary, _ct)).GetProperty("calls").GetInt64(), 5, 5 + 6);

        await simulator.ResetAsync(_ct);
        using (var reset = await cluster.Instances[0].Client.PostAsync($"providers/{Primary}/reset", null, _ct))
        {
            reset.EnsureSuccessStatusCode();
        }
        await cluster.WaitForStateEverywhereAsync(Primary, "CLOSED", PropagationBound);

        // A second deployment whose prefix hashes to another slot works the same, side by side.
        var other = Own(await GatewayCluster.StartAsync(topology.ConnectionString, simulator, 2));
        await using var client = await ConnectionMultiplexer.ConnectAsync(topology.ConnectionString);
        var first = client.GetDatabase().IdentifyEndpoint($"{{{cluster.KeyPrefix}}}:breaker:{Primary}");
        var second = client.GetDatabase().IdentifyEndpoint($"{{{other.KeyPrefix}}}:breaker:{Primary}");
        Assert.NotNull(first);
        Assert.NotNull(second);
        await AssertAdminActionsPropagateAsync(other);
        Assert.Equal("CLOSED", (await cluster.Instances[0].ProviderAsync(Primary)).GetProperty("circuit_state").GetString());
    }

    private static async Task AssertAdminActionsPropagateAsync(GatewayCluster cluster)
    {
        using (var opened = await cluster.Instances[0].Client.PostAsync($"providers/{Primary}/open", null, TestContext.Current.CancellationToken))
        {
            opened.EnsureSuccessStatusCode();
        }
        await cluster.WaitForStateEverywhereAsync(Primary, "OPEN", PropagationBound);
        using (var reset = await cluster.Instances[^1].Client.PostAsync($"providers/{Primary}/reset", null, TestContext.Current.CancellationToken))
        {
            reset.EnsureSuccessStatusCode();
        }
        await cluster.WaitForStateEverywhereAsync(Primary, "CLOSED", PropagationBound);
    }
}
