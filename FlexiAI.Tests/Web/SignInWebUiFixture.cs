using FlexiAI.Tests.Infrastructure;
using FlexiAI.Tests.Security;

namespace FlexiAI.Tests.Web;

/// <summary>
/// The web UI as a real process with sign-in required (the default), in front of a real gateway with an admin key
/// (<see cref="SecuredGatewayFixture"/>).
/// </summary>
public sealed class SignInWebUiFixture : IAsyncLifetime
{
    public SecuredGatewayFixture Gateway { get; } = new();

    private ServiceProcessUnderTest? _web;

    public Uri BaseAddress => _web?.BaseAddress ?? throw new InvalidOperationException("The web UI has not started.");

    public async ValueTask InitializeAsync()
    {
        await Gateway.InitializeAsync();
        _web = await ServiceProcessUnderTest.StartAsync("FlexiAI.Web",
            [$"--Ui:Gateway={Gateway.BaseAddress}", "--Ui:AdminKey=" + SecuredGatewayFixture.AdminKey, "--Ui:ApiKey=" + SecuredGatewayFixture.ClientKey],
            TestContext.Current.CancellationToken);
    }

    /// <summary>A browser-like client: its own cookies, redirects not followed (so they can be asserted).</summary>
    public HttpClient NewBrowser() =>
        new(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = true, CookieContainer = new System.Net.CookieContainer() })
        {
            BaseAddress = BaseAddress,
            Timeout = TimeSpan.FromSeconds(30),
        };

    public async ValueTask DisposeAsync()
    {
        _web?.Dispose();
        await Gateway.DisposeAsync();
    }
}
