namespace FlexiAI.Api.Apis;

/// <summary>
/// <c>GET /admin/key</c>: 204 when the request carries a valid admin key, else 401/403 (checked by
/// <see cref="Security.KeyAuthorizationMiddleware"/>; loopback alone never passes). How the web UI checks the key its
/// operator signs in with, without changing anything.
/// </summary>
public static class AdminKeyApi
{
    public const string Path = "/admin/key";

    public static IEndpointRouteBuilder MapAdminKeyApi(this IEndpointRouteBuilder app)
    {
        app.MapGet(Path, () => Results.NoContent());
        return app;
    }
}
