using System.Net;
using System.Text.RegularExpressions;
using FlexiAI.Tests.Security;
using FlexiAI.Web.SignIn;

namespace FlexiAI.Tests.Web;

/// <summary>
/// The web UI's sign-in over real HTTP: no page without a session, the key checked against the real gateway, a
/// cookie session (HttpOnly, SameSite=Strict, the key not in it), sign-out.
/// </summary>
public sealed partial class WebUiSignInTests(SignInWebUiFixture web) : IClassFixture<SignInWebUiFixture>
{
    private readonly CancellationToken _ct = TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("/")]
    [InlineData("/chat")]
    public async Task A_page_without_a_session_redirects_to_sign_in(string page)
    {
        using var browser = web.NewBrowser();

        using var response = await browser.GetAsync(page, _ct);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(SignInEndpoints.SignInPath, response.Headers.Location!.AbsolutePath);
        Assert.Contains("ReturnUrl=" + Uri.EscapeDataString(page), response.Headers.Location.Query, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_interactive_circuit_cannot_be_opened_without_a_session()
    {
        using var browser = web.NewBrowser();

        using var response = await browser.PostAsync("/_blazor/negotiate?negotiateVersion=1", null, _ct);

        Assert.Contains(response.StatusCode, new[] { HttpStatusCode.Redirect, HttpStatusCode.Unauthorized });
    }

    [Fact]
    public async Task A_wrong_key_is_refused_and_opens_no_session()
    {
        using var browser = web.NewBrowser();
        const string wrongKey = "not-the-admin-key-0123456789";

        using var refused = await SignInAsync(browser, wrongKey, "/");
        var page = await refused.Content.ReadAsStringAsync(_ct);

        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Contains("does not accept this key", page, StringComparison.Ordinal);
        Assert.DoesNotContain(wrongKey, page, StringComparison.Ordinal);
        Assert.False(SetsSession(refused));
        using var board = await browser.GetAsync("/", _ct);
        Assert.Equal(HttpStatusCode.Redirect, board.StatusCode);
    }

    [Fact]
    public async Task A_client_key_is_not_an_admin_key()
    {
        using var browser = web.NewBrowser();

        using var refused = await SignInAsync(browser, SecuredGatewayFixture.ClientKey, "/");

        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
    }

    [Fact]
    public async Task The_admin_key_opens_a_cookie_session_until_sign_out()
    {
        using var browser = web.NewBrowser();

        using var signedIn = await SignInAsync(browser, SecuredGatewayFixture.AdminKey, "/chat");

        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        Assert.Equal("/chat", signedIn.Headers.Location!.OriginalString);
        var cookie = Assert.Single(signedIn.Headers.GetValues("Set-Cookie"), c => c.StartsWith(SignInSetup.CookieName + "=", StringComparison.Ordinal));
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(SecuredGatewayFixture.AdminKey, Uri.UnescapeDataString(cookie), StringComparison.Ordinal);
        using (var chat = await browser.GetAsync("/chat", _ct))
        {
            Assert.Equal(HttpStatusCode.OK, chat.StatusCode);
            Assert.DoesNotContain(SecuredGatewayFixture.AdminKey, await chat.Content.ReadAsStringAsync(_ct), StringComparison.Ordinal);
        }

        using var signedOut = await browser.PostAsync(SignInEndpoints.SignOutPath, null, _ct);

        Assert.Equal(HttpStatusCode.Redirect, signedOut.StatusCode);
        using var after = await browser.GetAsync("/chat", _ct);
        Assert.Equal(HttpStatusCode.Redirect, after.StatusCode);
    }

    [Fact]
    public async Task Sign_in_never_redirects_off_the_site()
    {
        using var browser = web.NewBrowser();

        using var signedIn = await SignInAsync(browser, SecuredGatewayFixture.AdminKey, "https://elsewhere.example/");

        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        Assert.Equal("/", signedIn.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task A_sign_in_post_without_the_antiforgery_token_is_refused()
    {
        using var browser = web.NewBrowser();
        using var form = new FormUrlEncodedContent(new Dictionary<string, string> { ["key"] = SecuredGatewayFixture.AdminKey });

        using var response = await browser.PostAsync(SignInEndpoints.SignInPath, form, _ct);

        // 400, shown through the status code page, which itself needs a session: back to the form, not signed in.
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(SignInEndpoints.SignInPath, response.Headers.Location!.AbsolutePath);
        Assert.False(SetsSession(response));
    }

    private static bool SetsSession(HttpResponseMessage response) =>
        response.Headers.TryGetValues("Set-Cookie", out var cookies) && cookies.Any(c => c.StartsWith(SignInSetup.CookieName + "=", StringComparison.Ordinal));

    /// <summary>Loads the form (its antiforgery token and cookie), then posts <paramref name="key"/> as a browser would.</summary>
    private async Task<HttpResponseMessage> SignInAsync(HttpClient browser, string key, string returnUrl)
    {
        using var form = await browser.GetAsync($"{SignInEndpoints.SignInPath}?ReturnUrl={Uri.EscapeDataString(returnUrl)}", _ct);
        Assert.Equal(HttpStatusCode.OK, form.StatusCode);
        var html = await form.Content.ReadAsStringAsync(_ct);
        var token = AntiforgeryField().Match(html);
        Assert.True(token.Success, "the sign-in form carries an antiforgery token");
        using var content = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            [WebUtility.HtmlDecode(token.Groups["name"].Value)] = WebUtility.HtmlDecode(token.Groups["value"].Value),
            ["key"] = key,
            ["returnUrl"] = returnUrl,
        });
        return await browser.PostAsync(SignInEndpoints.SignInPath, content, _ct);
    }

    [GeneratedRegex("""<input type="hidden" name="(?<name>__RequestVerificationToken[^"]*)" value="(?<value>[^"]*)" />""")]
    private static partial Regex AntiforgeryField();
}
