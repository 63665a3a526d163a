using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Antiforgery;

namespace FlexiAI.Web.SignIn;

/// <summary>The sign-in form as a plain HTML page (no circuit needed: it works before there is a session).</summary>
internal static class SignInPage
{
    public static string Render(AntiforgeryTokenSet tokens, string returnUrl, string? error)
    {
        var html = HtmlEncoder.Default;
        var message = error is null ? "" : $"""<p class="signin-error" role="alert">{html.Encode(error)}</p>""";
        return $$"""
            <!DOCTYPE html>
            <html lang="en">
            <head>
                <meta charset="utf-8" />
                <meta name="viewport" content="width=device-width, initial-scale=1.0" />
                <meta name="color-scheme" content="light dark" />
                <title>Sign in · FlexiAI</title>
                <link rel="icon" type="image/svg+xml" href="/favicon.svg" />
                <link rel="stylesheet" href="/app.css" />
            </head>
            <body>
            <main id="main" class="signin">
                <h1>Sign in</h1>
                <p>The breaker board and its admin buttons act on every gateway replica. Sign in with the gateway's admin key.</p>
                {{message}}
                <form method="post" action="{{SignInEndpoints.SignInPath}}">
                    <input type="hidden" name="{{html.Encode(tokens.FormFieldName)}}" value="{{html.Encode(tokens.RequestToken ?? "")}}" />
                    <input type="hidden" name="returnUrl" value="{{html.Encode(returnUrl)}}" />
                    <label for="key">Admin key</label>
                    <input id="key" name="key" type="password" autocomplete="current-password" required autofocus />
                    <button type="submit">Sign in</button>
                </form>
            </main>
            </body>
            </html>
            """;
    }
}
