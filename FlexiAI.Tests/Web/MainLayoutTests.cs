using Bunit;
using FlexiAI.Web;
using FlexiAI.Web.Board;
using FlexiAI.Web.Components.Layout;
using FlexiAI.Web.SignIn;
using Microsoft.Extensions.DependencyInjection;

namespace FlexiAI.Tests.Web;

/// <summary>The layout's sign-out control: there when sign-in is required, absent when it is off.</summary>
public sealed class MainLayoutTests : IDisposable
{
    private readonly BunitContext _context = new();

    public MainLayoutTests()
    {
        _context.Services.AddSingleton<IClusterFeed>(new FakeClusterFeed(ClusterFeedState.Empty));
        _context.Services.AddSingleton(TimeProvider.System);
    }

    public void Dispose() => _context.Dispose();

    [Fact]
    public void With_sign_in_required_the_layout_offers_sign_out_as_a_post_to_the_sign_out_endpoint()
    {
        _context.Services.AddSingleton(Microsoft.Extensions.Options.Options.Create(new WebUiOptions { RequireSignIn = true }));

        var layout = _context.Render<MainLayout>();

        var form = layout.Find("form.signout");
        Assert.Equal("post", form.GetAttribute("method"));
        Assert.Equal(SignInEndpoints.SignOutPath.TrimStart('/'), form.GetAttribute("action"));
        Assert.Equal("Sign out", form.QuerySelector("button[type=submit]")!.TextContent.Trim());
    }

    [Fact]
    public void Without_sign_in_there_is_nothing_to_sign_out_of()
    {
        _context.Services.AddSingleton(Microsoft.Extensions.Options.Options.Create(new WebUiOptions { RequireSignIn = false }));

        var layout = _context.Render<MainLayout>();

        Assert.Empty(layout.FindAll("form.signout"));
        Assert.NotEmpty(layout.FindAll("nav a"));
    }
}
