using FlexiAI.Tests.Gateway;

namespace FlexiAI.Tests.Telemetry;

/// <summary>A <see cref="GatewayFixture"/> whose breakers recover after 1 s, for the breaker gauge.</summary>
public sealed class MetricSeriesFixture : GatewayFixture
{
    public static readonly TimeSpan RecoveryTimeout = TimeSpan.FromSeconds(1);

    protected override IEnumerable<string> ExtraArguments => ["--FlexiAI:CircuitBreaker:RecoveryTimeout=" + RecoveryTimeout];
}
