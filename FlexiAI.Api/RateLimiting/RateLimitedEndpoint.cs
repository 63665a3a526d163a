namespace FlexiAI.Api.RateLimiting;

/// <summary>
/// Endpoint metadata: the shared rate limits apply here (<see cref="GatewayRateLimiter"/>). Declared where the routes
/// that reach providers are mapped, with <see cref="RateLimitedEndpointExtensions.RequireSharedRateLimits{TBuilder}"/>.
/// </summary>
public sealed class RateLimitedEndpoint
{
    public static RateLimitedEndpoint Instance { get; } = new();

    private RateLimitedEndpoint()
    {
    }
}
