using FlexiAI.Api.Hosting;
using FlexiAI.Redis;
using FlexiAI.Tests.Infrastructure;
using FlexiAI.Tests.Simulator;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using OpenTelemetry.Trace;
using StackExchange.Redis;

namespace FlexiAI.Tests.SharedState;

/// <summary>
/// The gateway's one Redis client comes from Aspire's <c>AddRedisClient</c>, with its health check, and with its command
/// spans only when spans are recorded.
/// </summary>
public sealed class GatewayRedisClientTests(RealRedisFixture redis, SimulatorFixture simulator)
    : IClassFixture<RealRedisFixture>, IClassFixture<SimulatorFixture>
{
    [Fact]
    public async Task Every_Redis_user_shares_the_client_AddRedisClient_registered_and_its_health_check_reads_healthy()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var cluster = await GatewayCluster.StartAsync(redis.Require().ConnectionString, simulator, 1);
        var services = cluster.Instances[0].Services;

        Assert.Same(services.GetRequiredService<IConnectionMultiplexer>(), services.GetRequiredService<RedisConnection>().Multiplexer);
        var report = await services.GetRequiredService<HealthCheckService>()
            .CheckHealthAsync(r => r.Name == RedisClientRegistration.HealthCheckName, ct);
        Assert.Equal(HealthStatus.Healthy, report.Entries[RedisClientRegistration.HealthCheckName].Status);
    }

    [Fact]
    public async Task With_Redis_down_the_health_check_reads_degraded_at_once_instead_of_waiting_for_the_client()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var cluster = await GatewayCluster.StartAsync($"127.0.0.1:{LoopbackPorts.Free()}", simulator, 1, waitForSync: false);
        var services = cluster.Instances[0].Services;

        // Serving with Redis down is RedisUnavailableAtStartTests'; here: the health poll does not block on the client.
        var report = await services.GetRequiredService<HealthCheckService>()
            .CheckHealthAsync(r => r.Name == RedisClientRegistration.HealthCheckName, ct).WaitAsync(TimeSpan.FromSeconds(20), ct);

        Assert.Equal(HealthStatus.Degraded, report.Entries[RedisClientRegistration.HealthCheckName].Status);
        Assert.False(services.GetRequiredService<RedisConnection>().IsConnected);
    }

    [Theory]
    [InlineData(null, false)]
    [InlineData("http://127.0.0.1:4318", true)]
    public void Redis_commands_are_instrumented_only_when_spans_are_recorded(string? otlpEndpoint, bool instrumented)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:cache"] = $"127.0.0.1:{LoopbackPorts.Free()}",
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = otlpEndpoint,
        });
        builder.AddGatewayRedis();
        using var host = builder.Build();

        Assert.Equal(instrumented, host.Services.GetService<TracerProvider>() is not null);
    }
}
