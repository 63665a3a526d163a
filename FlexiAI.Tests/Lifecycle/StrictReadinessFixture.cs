using FlexiAI.Tests.Gateway;

namespace FlexiAI.Tests.Lifecycle;

/// <summary>A <see cref="GatewayFixture"/> with the seed's readiness rule and breakers that recover after 1 s.</summary>
public sealed class StrictReadinessFixture : GatewayFixture
{
    protected override IEnumerable<string> ExtraArguments =>
        ["--FlexiAI:Health:ReadyRequiresProvider=true", "--FlexiAI:CircuitBreaker:RecoveryTimeout=00:00:01",
         // Past the recovery time with no probe taken (none is, without a user request).
         "--FlexiAI:CircuitBreaker:ProbeMode=UserRequests"];
}
