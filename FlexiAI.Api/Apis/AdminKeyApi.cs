namespace FlexiAI.Api.Apis;

/// <summary>
/// <c>GET /admin/key</c>: 204 when the request carries a valid admin key, else 401 (the
/// <see cref="Security.KeyPolicies.AdminKey"/> policy; loopback alone never passes). How the web UI checks the key its
/// operator signs in with, without changing anything.
/// </summary>
public static class AdminKeyApi
{
    public const string Path = "/admin/key";

    public static IEndpointRouteBuilder MapAdminKeyApi(this IEndpointRouteBuilder app)
    {
        app.MapGet(Path, () => Results.NoContent()).RequireAuthorization(Security.KeyPolicies.AdminKey);
        return app;
    }
}
