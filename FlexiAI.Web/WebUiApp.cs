using FlexiAI.Web.Components;
using FlexiAI.Web.Extensions;
using FlexiAI.Web.SignIn;

namespace FlexiAI.Web;

/// <summary>Builds the web UI; <c>Program.cs</c> runs it.</summary>
public static class WebUiApp
{
    public static WebApplication Create(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.AddServiceDefaults();
        builder.AddApplicationServices();
        builder.AddSignIn();

        var app = builder.Build();
        if (!app.Environment.IsDevelopment())
        {
            app.UseExceptionHandler("/error", createScopeForErrors: true);
        }

        app.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true);
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseAntiforgery();
        app.MapStaticAssets();
        app.RequireSignIn(app.MapRazorComponents<App>().AddInteractiveServerRenderMode());
        app.MapDefaultEndpoints();
        return app;
    }
}
