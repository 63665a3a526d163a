using FlexiAI.Api.Security;

namespace FlexiAI.Api.Apis;

/// <summary><c>/providers</c>: what this replica knows of each provider's breaker, and the admin actions on them.</summary>
public static class ProvidersApi
{
    public static IEndpointRouteBuilder MapProvidersApi(this IEndpointRouteBuilder app)
    {
        var providers = app.MapGroup("/providers");
        providers.MapGet("/", GetProviders).RequireAuthorization(KeyPolicies.Client);
        // The admin actions, under the admin policy: an admin key, or loopback while none is configured.
        var actions = providers.MapGroup("/{name}").RequireAuthorization(KeyPolicies.Admin);
        actions.MapPost("/reset", ResetProvider);
        actions.MapPost("/open", OpenProvider);
        return app;
    }

    public static IResult GetProviders(GatewayServices services) =>
        Results.Json(BuildReport(services), GatewayJsonContext.Default.ProvidersReport);

    public static async Task<IResult> ResetProvider(string name, GatewayServices services, CancellationToken cancellationToken)
    {
        var provider = services.Catalog.Find(name);
        if (provider is null)
        {
            return UnknownProvider(name, services);
        }
        var state = await services.Breakers.ResetAsync(provider.Name, cancellationToken);
        return Results.Json(ProviderView.Create(provider, state, services.Counters, services.Time.GetUtcNow()), GatewayJsonContext.Default.ProviderView);
    }

    public static async Task<IResult> OpenProvider(string name, GatewayServices services, CancellationToken cancellationToken)
    {
        var provider = services.Catalog.Find(name);
        if (provider is null)
        {
            return UnknownProvider(name, services);
        }
        var state = await services.Breakers.ForceOpenAsync(provider.Name, "opened by an administrator", cancellationToken);
        return Results.Json(ProviderView.Create(provider, state, services.Counters, services.Time.GetUtcNow()), GatewayJsonContext.Default.ProviderView);
    }

    internal static ProvidersReport BuildReport(GatewayServices services)
    {
        var now = services.Time.GetUtcNow();
        var sync = services.Breakers.SyncStatus;
        var views = services.Catalog.All
            .Select(p => ProviderView.Create(p, services.Breakers.GetState(p.Name), services.Counters, now))
            .ToList();
        var lastEventAge = sync.LastEventAt is { } at ? (now - at).TotalSeconds : (double?)null;
        return new ProvidersReport(services.Replica.Id, new SyncView(sync.Enabled, sync.Connected, lastEventAge), views);
    }

    private static IResult UnknownProvider(string name, GatewayServices services) =>
        OpenAI.OpenAIErrorWriter.Result(StatusCodes.Status404NotFound,
            $"No provider named '{Truncate(name)}'. Providers: {string.Join(", ", services.Catalog.All.Select(p => p.Name))}.",
            "invalid_request_error", "name", "provider_not_found");

    private static string Truncate(string value) => value.Length <= 64 ? value : value[..64] + "...";
}
