using FlexiAI.Api.OpenAI;

namespace FlexiAI.Api.Security;

/// <summary>
/// Who may call what. Health and metrics are open (probes and scrapers), but the detailed <c>/health</c> report (last
/// errors) is only for a key holder or a loopback caller: others get its status alone. Admin actions
/// (<c>POST /providers/{name}/...</c>) need an admin key; with no admin key configured they are accepted from loopback
/// only (closed by default). <c>GET /admin/key</c> (the web UI's sign-in check) passes with a valid admin key only,
/// never from loopback alone. Everything else needs a client or admin key once client keys are configured. Failures
/// answer in OpenAI's shape: 401 without a valid key, 403 when the key is valid but not enough.
/// </summary>
internal sealed partial class KeyAuthorizationMiddleware(RequestDelegate next, KeyAuthenticator authenticator)
{
    /// <summary>
    /// The caller the key check found, or null where no key is configured. Kept as a request feature: Kestrel reuses
    /// its feature slots per connection, so storing it allocates nothing per request.
    /// </summary>
    public static Caller? CallerOf(HttpContext context) => context.Features.Get<Caller>();

    /// <summary>Set (true) when the caller may read the detailed <c>/health</c> report.</summary>
    public const string HealthDetailItem = "flexiai.health.detail";

    public Task InvokeAsync(HttpContext context)
    {
        var route = Classify(context.Request);
        if (route == RouteKind.AdminKeyCheck)
        {
            return authenticator.HasAdminKeys && authenticator.Authenticate(PresentedKey(context.Request)).Role == CallerRole.Admin
                ? next(context)
                : Unauthorized(context);
        }
        if (authenticator.Open)
        {
            // No keys configured: nothing to check, and no digest to compute on every request; loopback decides the rest.
            return route switch
            {
                RouteKind.Admin when !IsLoopback(context) => AdminFromLoopbackOnly(context),
                RouteKind.HealthReport => HealthReport(context, IsLoopback(context)),
                _ => next(context),
            };
        }
        var caller = authenticator.Authenticate(PresentedKey(context.Request));
        context.Features.Set(caller);
        if (route == RouteKind.Open)
        {
            return next(context);
        }
        if (route == RouteKind.HealthReport)
        {
            return HealthReport(context, caller.Role != CallerRole.Anonymous || IsLoopback(context));
        }

        if (route == RouteKind.Admin)
        {
            return caller.Role switch
            {
                CallerRole.Admin => next(context),
                _ when !authenticator.HasAdminKeys => IsLoopback(context) ? next(context) : AdminFromLoopbackOnly(context),
                CallerRole.Client => Deny(context, StatusCodes.Status403Forbidden,
                    "This key may not perform admin actions; use an admin key.", "insufficient_permissions"),
                _ => Unauthorized(context),
            };
        }

        return caller.Role != CallerRole.Anonymous || !authenticator.HasClientKeys ? next(context) : Unauthorized(context);
    }

    private Task HealthReport(HttpContext context, bool detailed)
    {
        context.Items[HealthDetailItem] = detailed;
        return next(context);
    }

    private static Task AdminFromLoopbackOnly(HttpContext context) => Deny(context, StatusCodes.Status403Forbidden,
        "Admin actions are accepted from loopback only while no admin key is configured (FlexiAI:Auth:AdminKeys).",
        "insufficient_permissions");

    private static bool IsLoopback(HttpContext context) =>
        context.Connection.RemoteIpAddress is { } address && System.Net.IPAddress.IsLoopback(address);

    private static Task Unauthorized(HttpContext context)
    {
        context.Response.Headers.WWWAuthenticate = "Bearer";
        var message = PresentedKey(context.Request).IsEmpty
            ? "You didn't provide an API key. Send it as 'Authorization: Bearer <key>' or 'x-api-key: <key>'."
            : "Incorrect API key provided.";
        return Deny(context, StatusCodes.Status401Unauthorized, message, "invalid_api_key");
    }

    private static Task Deny(HttpContext context, int status, string message, string code)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        // The Anthropic routes answer in Anthropic's error shape.
        var body = context.Request.Path.StartsWithSegments("/v1/messages")
            ? Messages.AnthropicErrorWriter.Serialize(Messages.AnthropicErrorWriter.TypeOf(status), message)
            : OpenAIErrorWriter.Serialize(message, "invalid_request_error", null, code);
        return context.Response.Body.WriteAsync(body).AsTask();
    }

    /// <summary>The key after <c>Bearer </c>, as a slice of the header (no copy); empty when there is none.</summary>
    private static ReadOnlySpan<char> BearerToken(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        return header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header.AsSpan(7).Trim() : [];
    }

    /// <summary>The caller's key: <c>Authorization: Bearer</c>, else <c>x-api-key</c> (as the Anthropic clients send it).</summary>
    private static ReadOnlySpan<char> PresentedKey(HttpRequest request)
    {
        var bearer = BearerToken(request);
        return bearer.IsEmpty ? request.Headers["x-api-key"].ToString().AsSpan().Trim() : bearer;
    }

    private static RouteKind Classify(HttpRequest request)
    {
        var path = request.Path;
        if (path.Equals("/health", StringComparison.OrdinalIgnoreCase) || path.Equals("/health/", StringComparison.OrdinalIgnoreCase))
        {
            return RouteKind.HealthReport;
        }
        if (path.Equals(Apis.AdminKeyApi.Path, StringComparison.OrdinalIgnoreCase))
        {
            return RouteKind.AdminKeyCheck;
        }
        if (path.StartsWithSegments("/health") || path.StartsWithSegments("/metrics"))
        {
            return RouteKind.Open;
        }
        return HttpMethods.IsPost(request.Method) && path.StartsWithSegments("/providers") ? RouteKind.Admin : RouteKind.Client;
    }

    private enum RouteKind
    {
        Open,
        HealthReport,
        Client,
        Admin,
        AdminKeyCheck,
    }
}
