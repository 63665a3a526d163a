using FlexiAI.Simulator.Providers;
using Microsoft.AspNetCore.Http.HttpResults;

namespace FlexiAI.Simulator.Apis;

/// <summary>Call counters per provider.</summary>
internal static class StatsApi
{
    public static IEndpointRouteBuilder MapStatsApi(this IEndpointRouteBuilder app)
    {
        var stats = app.MapGroup("/stats").WithTags("Control");
        stats.MapGet("/", GetStats).WithName("GetStats");
        stats.MapDelete("/", ResetStats).WithName("ResetStats");
        return app;
    }

    /// <summary><c>GET /stats</c>: counters of every provider since start or the last reset.</summary>
    public static Ok<Dictionary<string, ProviderStatsSnapshot>> GetStats(ProviderRegistry registry) =>
        TypedResults.Ok(registry.All.ToDictionary(p => p.Name, p => p.Stats.Snapshot()));

    /// <summary><c>DELETE /stats</c>: every counter back to zero (call numbers restart at 1).</summary>
    public static NoContent ResetStats(ProviderRegistry registry, ILogger<ProviderRegistry> logger)
    {
        foreach (var provider in registry.All)
        {
            provider.Stats.Reset();
        }

        SimulatorLog.StatsReset(logger);
        return TypedResults.NoContent();
    }
}
