using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.Extensions.Options;

namespace FlexiAI.Web.SignIn;

/// <summary>
/// The operator's session: ASP.NET Core cookie authentication (HttpOnly, SameSite=Strict, sliding expiry), the cookie
/// protected by Data Protection and holding only "signed in" and the time, never the key. Off when
/// <see cref="WebUiOptions.RequireSignIn"/> is false.
/// </summary>
public static class SignInSetup
{
    /// <summary>The session cookie's name.</summary>
    public const string CookieName = "FlexiAI.Ui.Session";

    public static IHostApplicationBuilder AddSignIn(this IHostApplicationBuilder builder)
    {
        builder.Services.AddAuthorization();
        builder.Services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme).AddCookie();
        builder.Services.AddOptions<CookieAuthenticationOptions>(CookieAuthenticationDefaults.AuthenticationScheme)
            .Configure<IOptions<WebUiOptions>>((cookie, ui) =>
            {
                cookie.Cookie.Name = CookieName;
                cookie.Cookie.HttpOnly = true;
                cookie.Cookie.SameSite = SameSiteMode.Strict;
                cookie.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                cookie.ExpireTimeSpan = ui.Value.SessionIdleTimeout;
                cookie.SlidingExpiration = true;
                cookie.LoginPath = SignInEndpoints.SignInPath;
                cookie.LogoutPath = SignInEndpoints.SignOutPath;
            });
        return builder;
    }

    /// <summary>
    /// Authentication and authorization in the pipeline, and the sign-in endpoints; <paramref name="pages"/> (the
    /// pages and their interactive circuits) then need a session, when sign-in is required.
    /// </summary>
    public static void RequireSignIn(this WebApplication app, RazorComponentsEndpointConventionBuilder pages)
    {
        if (!app.Services.GetRequiredService<IOptions<WebUiOptions>>().Value.RequireSignIn)
        {
            return;
        }
        pages.RequireAuthorization();
        app.MapSignInEndpoints();
    }
}
