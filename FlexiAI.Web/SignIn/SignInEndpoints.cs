using System.Security.Claims;
using FlexiAI.Web.Gateway;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace FlexiAI.Web.SignIn;

/// <summary>
/// <c>GET /signin</c> (the form), <c>POST /signin</c> (the key, checked against the gateway's <c>GET /admin/key</c>;
/// the session cookie on success) and <c>POST /signout</c>. The key is neither kept, logged nor shown back.
/// </summary>
public static class SignInEndpoints
{
    public const string SignInPath = "/signin";

    public const string SignOutPath = "/signout";

    private const string LogCategory = "FlexiAI.Web.SignIn";

    public static IEndpointRouteBuilder MapSignInEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet(SignInPath, ShowForm).AllowAnonymous();
        app.MapPost(SignInPath, SignInAsync).AllowAnonymous();
        // The cookie is SameSite=Strict: another site cannot sign an operator out, so no antiforgery token is needed.
        app.MapPost(SignOutPath, SignOutAsync).DisableAntiforgery();
        return app;
    }

    private static ContentHttpResult ShowForm(HttpContext context, IAntiforgery antiforgery, [FromQuery] string? returnUrl) =>
        Form(context, antiforgery, returnUrl, null, StatusCodes.Status200OK);

    private static async Task<IResult> SignInAsync(HttpContext context, IAntiforgery antiforgery, GatewayClient gateway,
        ILoggerFactory loggers, [FromForm] string? key, [FromForm] string? returnUrl)
    {
        var logger = loggers.CreateLogger(LogCategory);
        var remote = context.Connection.RemoteIpAddress?.ToString();
        if (string.IsNullOrWhiteSpace(key))
        {
            return Form(context, antiforgery, returnUrl, "Enter the gateway's admin key.", StatusCodes.Status400BadRequest);
        }
        switch (await gateway.CheckAdminKeyAsync(key.Trim(), context.RequestAborted))
        {
            case AdminKeyCheck.Rejected:
                WebLog.SignInRejected(logger, remote);
                return Form(context, antiforgery, returnUrl, "The gateway does not accept this key as an admin key.",
                    StatusCodes.Status401Unauthorized);
            case AdminKeyCheck.Unavailable:
                WebLog.SignInUnavailable(logger, remote);
                return Form(context, antiforgery, returnUrl, "The gateway did not answer the key check; try again shortly.",
                    StatusCodes.Status503ServiceUnavailable);
        }
        var operatorIdentity = new ClaimsIdentity([new Claim(ClaimTypes.Name, "operator")], CookieAuthenticationDefaults.AuthenticationScheme);
        await context.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, new ClaimsPrincipal(operatorIdentity));
        WebLog.SignedIn(logger, remote);
        return Results.LocalRedirect(LocalOrRoot(returnUrl));
    }

    private static async Task<IResult> SignOutAsync(HttpContext context, ILoggerFactory loggers)
    {
        await context.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        WebLog.SignedOut(loggers.CreateLogger(LogCategory), context.Connection.RemoteIpAddress?.ToString());
        return Results.LocalRedirect(SignInPath);
    }

    private static ContentHttpResult Form(HttpContext context, IAntiforgery antiforgery, string? returnUrl, string? error, int status)
    {
        var tokens = antiforgery.GetAndStoreTokens(context);
        return TypedResults.Content(SignInPage.Render(tokens, LocalOrRoot(returnUrl), error), "text/html; charset=utf-8", statusCode: status);
    }

    /// <summary>Only a path on this site: an absolute or protocol-relative address would make the form an open redirect.</summary>
    private static string LocalOrRoot(string? returnUrl) =>
        !string.IsNullOrEmpty(returnUrl) && RedirectHttpResult.IsLocalUrl(returnUrl) ? returnUrl : "/";
}
