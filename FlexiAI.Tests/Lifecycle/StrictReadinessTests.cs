using System.Net;
using System.Text.Json;
using FlexiAI.Tests.Gateway;
using FlexiAI.Tests.Infrastructure;

namespace FlexiAI.Tests.Lifecycle;

/// <summary>The seed's rule as a setting: ready only while some breaker is CLOSED, and steady through probe cycles.</summary>
public sealed class StrictReadinessTests(StrictReadinessFixture gateway) : IClassFixture<StrictReadinessFixture>
{
    private readonly CancellationToken _ct = TestContext.Current.CancellationToken;

    [Fact]
    public async Task Unready_while_no_breaker_is_closed_and_it_does_not_flap_when_recovery_is_due()
    {
        await gateway.ResetAsync(_ct);
        using (var before = await gateway.Client.GetAsync("health/ready", _ct))
        {
            Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        }
        await gateway.OpenEveryBreakerAsync(_ct);
        var retryAt = (await gateway.ProviderAsync(GatewayFixture.DeadProvider, _ct)).GetProperty("retry_at").GetDateTimeOffset();

        // Before and after the recovery time (probes may go out now, none has): 503 every time.
        var statuses = new List<HttpStatusCode>();
        await Eventually.TrueAsync(async () =>
        {
            using var ready = await gateway.Client.GetAsync("health/ready", _ct);
            statuses.Add(ready.StatusCode);
            if (ready.StatusCode != HttpStatusCode.OK)
            {
                using var json = JsonDocument.Parse(await ready.Content.ReadAsStringAsync(_ct));
                Assert.Equal("no_provider_available", json.RootElement.GetProperty("error").GetProperty("code").GetString());
            }
            return DateTimeOffset.UtcNow > retryAt + TimeSpan.FromSeconds(1);
        }, "the recovery time has passed by a second");

        Assert.All(statuses, status => Assert.Equal(HttpStatusCode.ServiceUnavailable, status));
        await gateway.ResetAsync(_ct);
        using var after = await gateway.Client.GetAsync("health/ready", _ct);
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
    }
}
