using FlexiAI.Options;
using Microsoft.Extensions.Options;

namespace FlexiAI.Api.RateLimiting;

/// <summary>ASP.NET Core's rate-limiting middleware with the shared limits as its global limiter (when <c>RateLimit:Enabled</c>).</summary>
public static class RateLimitingExtensions
{
    public static IServiceCollection AddSharedRateLimits(this IServiceCollection services)
    {
        services.AddSingleton<DistributedRateLimiter>();
        services.AddSingleton<GatewayRateLimiter>();
        services.AddRateLimiter(_ => { });
        services.AddOptions<Microsoft.AspNetCore.RateLimiting.RateLimiterOptions>()
            .Configure<IServiceProvider, IOptions<FlexiAIOptions>>((options, provider, flexi) =>
            {
                if (flexi.Value.RateLimit.Enabled)
                {
                    options.GlobalLimiter = provider.GetRequiredService<GatewayRateLimiter>();
                }
                options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
                options.OnRejected = RateLimitRejection.WriteAsync;
            });
        return services;
    }
}
