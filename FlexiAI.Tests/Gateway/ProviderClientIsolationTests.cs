using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace FlexiAI.Tests.Gateway;

/// <summary>
/// A host that adds a handler to every HTTP client (service discovery does; so would a standard resilience handler with
/// its retries) must not slip it under the router: provider calls go out with no handler but the connection pool's.
/// </summary>
public sealed class ProviderClientIsolationTests(ProviderClientIsolationTests.HostWideHandlerFixture gateway)
    : IClassFixture<ProviderClientIsolationTests.HostWideHandlerFixture>
{
    [Fact]
    public async Task A_handler_added_to_every_client_never_sees_a_provider_call()
    {
        var ct = TestContext.Current.CancellationToken;
        await gateway.ResetAsync(ct);
        var seenBefore = gateway.Seen;

        using (var passThrough = await gateway.ChatAsync(cancellationToken: ct))
        {
            Assert.Equal(HttpStatusCode.OK, passThrough.StatusCode);
        }
        await gateway.Simulator.SetFaultAsync(GatewayFixture.OpenAIProvider, new { mode = "error", status = 500 }, ct);
        using (var failedOver = await gateway.ChatAsync(cancellationToken: ct))
        {
            Assert.Equal(HttpStatusCode.OK, failedOver.StatusCode);
            Assert.Equal(GatewayFixture.AnthropicProvider, failedOver.Headers.GetValues("x-flexiai-provider").Single());
        }

        Assert.Equal(seenBefore, gateway.Seen);
        // The failing provider got one call, not one per retry of a hidden layer.
        var stats = await gateway.Simulator.GetStatsAsync(GatewayFixture.OpenAIProvider, ct);
        Assert.Equal(2, stats.GetProperty("calls").GetInt64());
    }

    [Fact]
    public async Task The_host_wide_handler_does_apply_to_other_clients()
    {
        // The control: without it, the test above would pass with a handler that was never installed.
        var seenBefore = gateway.Seen;
        using var client = gateway.Services.GetRequiredService<IHttpClientFactory>().CreateClient("any-other-client");
        using var response = await client.GetAsync(new Uri(gateway.BaseAddress, "health/live"), TestContext.Current.CancellationToken);
        Assert.Equal(seenBefore + 1, gateway.Seen);
    }

    public sealed class HostWideHandlerFixture : GatewayFixture
    {
        private int _seen;

        public int Seen => Volatile.Read(ref _seen);

        protected override void Configure(WebApplicationBuilder builder) =>
            builder.Services.ConfigureHttpClientDefaults(http => http.AddHttpMessageHandler(() => new CountingHandler(this)));

        private sealed class CountingHandler(HostWideHandlerFixture owner) : DelegatingHandler
        {
            protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
            {
                Interlocked.Increment(ref owner._seen);
                return base.SendAsync(request, cancellationToken);
            }
        }
    }
}
