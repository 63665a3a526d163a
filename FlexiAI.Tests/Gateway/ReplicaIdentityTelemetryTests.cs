namespace FlexiAI.Tests.Gateway;

/// <summary>
/// The replica id is on the OpenTelemetry resource, so every exported log record, span and metric carries it without a
/// logging scope per request; Prometheus shows resource attributes on <c>target_info</c>.
/// </summary>
public sealed class ReplicaIdentityTelemetryTests(GatewayFixture gateway) : IClassFixture<GatewayFixture>
{
    [Fact]
    public async Task Metrics_name_the_replica_on_target_info()
    {
        var exported = await gateway.Client.GetStringAsync("metrics", TestContext.Current.CancellationToken);
        var targetInfo = exported.Split('\n').SingleOrDefault(line => line.StartsWith("target_info{", StringComparison.Ordinal));
        Assert.NotNull(targetInfo);
        Assert.Contains("flexiai_replica_id=\"test-replica\"", targetInfo, StringComparison.Ordinal);
    }
}
