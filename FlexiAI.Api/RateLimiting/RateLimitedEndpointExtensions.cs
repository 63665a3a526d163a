namespace FlexiAI.Api.RateLimiting;

public static class RateLimitedEndpointExtensions
{
    /// <summary>Counts the endpoint's requests against the caller's requests- and tokens-per-minute limits.</summary>
    public static TBuilder RequireSharedRateLimits<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(RateLimitedEndpoint.Instance);
}
