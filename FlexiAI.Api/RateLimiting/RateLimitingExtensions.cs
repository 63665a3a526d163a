using FlexiAI.Options;
using Microsoft.Extensions.Options;

namespace FlexiAI.Api.RateLimiting;

/// <summary>The shared limits: their services, and their middleware when a limit is configured (<c>RateLimit:Enabled</c>).</summary>
public static class RateLimitingExtensions
{
    public static IServiceCollection AddSharedRateLimits(this IServiceCollection services)
    {
        services.AddSingleton<DistributedRateLimiter>();
        services.AddSingleton<GatewayRateLimiter>();
        return services;
    }

    /// <summary>
    /// Counts the requests of the endpoints that declare <see cref="RateLimitedEndpointExtensions.RequireSharedRateLimits{TBuilder}"/>
    /// (<see cref="SharedRateLimitMiddleware"/>); with no limit configured, nothing is added to the pipeline.
    /// </summary>
    public static IApplicationBuilder UseSharedRateLimits(this IApplicationBuilder app)
    {
        if (app.ApplicationServices.GetRequiredService<IOptions<FlexiAIOptions>>().Value.RateLimit.Enabled)
        {
            app.UseMiddleware<SharedRateLimitMiddleware>();
        }
        return app;
    }
}
