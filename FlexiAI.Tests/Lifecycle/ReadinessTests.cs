using System.Net;
using FlexiAI.Tests.Gateway;

namespace FlexiAI.Tests.Lifecycle;

/// <summary>By default a replica that can answer is ready, even when the answer is 503 no_provider_available.</summary>
public sealed class ReadinessTests(GatewayFixture gateway) : IClassFixture<GatewayFixture>
{
    private readonly CancellationToken _ct = TestContext.Current.CancellationToken;

    [Fact]
    public async Task Ready_while_every_breaker_is_open_because_503_is_an_answer()
    {
        await gateway.ResetAsync(_ct);
        await gateway.OpenEveryBreakerAsync(_ct);

        using var ready = await gateway.Client.GetAsync("health/ready", _ct);
        using var chat = await gateway.ChatAsync(cancellationToken: _ct);
        using var health = await gateway.Client.GetAsync("health", _ct);

        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, chat.StatusCode);
        Assert.NotNull(chat.Headers.RetryAfter);
        // The full report keeps the seed's meaning.
        Assert.Equal(HttpStatusCode.ServiceUnavailable, health.StatusCode);
        await gateway.ResetAsync(_ct);
    }
}
