namespace FlexiAI.Api.Hosting;

/// <summary>Where a replica is in its life; <c>/health/ready</c> answers 200 only while <see cref="Serving"/>.</summary>
public enum GatewayPhase
{
    Starting,
    Serving,
    Draining,
}
