using FlexiAI.Simulator.Providers;
using Microsoft.AspNetCore.Http.HttpResults;

namespace FlexiAI.Simulator.Apis;

/// <summary>Lists the simulated providers and, per provider, its models in its own protocol.</summary>
internal static class ProvidersApi
{
    public static IEndpointRouteBuilder MapProvidersApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/providers", ListProviders).WithName("ListProviders").WithTags("Control");
        app.MapGet("/{provider}/v1/models", ListModels).WithName("ListModels").WithTags("Providers");
        return app;
    }

    /// <summary><c>GET /providers</c>: <c>[{name, protocol, model}]</c> in configuration order.</summary>
    public static Ok<IReadOnlyList<ProviderInfo>> ListProviders(ProviderRegistry registry) =>
        TypedResults.Ok<IReadOnlyList<ProviderInfo>>(
            [.. registry.All.Select(p => new ProviderInfo(p.Name, p.ProtocolName, p.Model))]);

    /// <summary>
    /// <c>GET /{provider}/v1/models</c>: the provider's default model in its protocol's list shape; an unknown
    /// provider gets an OpenAI-shaped 404.
    /// </summary>
    public static IResult ListModels(string provider, [AsParameters] ProviderApiServices services)
    {
        if (!services.Registry.TryGet(provider, out var found))
        {
            return services.OpenAI.Error(StatusCodes.Status404NotFound, $"No simulated provider '{provider}'.");
        }

        var now = services.TimeProvider.GetUtcNow();
        return found.Protocol == ProviderProtocolKind.Anthropic
            ? services.Anthropic.Models(found, now)
            : services.OpenAI.Models(found, now);
    }
}
