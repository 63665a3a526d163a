using System.Net;
using System.Text.Json;
using FlexiAI.Tests.Gateway;

namespace FlexiAI.Tests.Security;

/// <summary>With no admin key, admin actions come from loopback only, and the detailed /health only goes to loopback.</summary>
public sealed class ClosedAdminTests(AllInterfacesGatewayFixture gateway) : IClassFixture<AllInterfacesGatewayFixture>
{
    private readonly CancellationToken _ct = TestContext.Current.CancellationToken;

    [Fact]
    public async Task Admin_actions_without_an_admin_key_are_accepted_from_loopback_only()
    {
        await gateway.ResetAsync(_ct);
        using var remote = gateway.RemoteClient();

        using var refused = await remote.PostAsync($"providers/{GatewayFixture.OpenAIProvider}/open", null, _ct);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        using (var json = JsonDocument.Parse(await refused.Content.ReadAsStringAsync(_ct)))
        {
            Assert.Equal("insufficient_permissions", json.RootElement.GetProperty("error").GetProperty("code").GetString());
        }
        Assert.Equal("CLOSED", (await gateway.ProviderAsync(GatewayFixture.OpenAIProvider, _ct)).GetProperty("circuit_state").GetString());
        // Reading stays open to anyone: only state changes are closed.
        using (var providers = await remote.GetAsync("providers", _ct))
        {
            Assert.Equal(HttpStatusCode.OK, providers.StatusCode);
        }

        using var accepted = await gateway.Client.PostAsync($"providers/{GatewayFixture.OpenAIProvider}/open", null, _ct);
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        Assert.Equal("OPEN", (await gateway.ProviderAsync(GatewayFixture.OpenAIProvider, _ct)).GetProperty("circuit_state").GetString());
        await gateway.ResetAsync(_ct);
    }

    [Fact]
    public async Task The_admin_key_check_passes_no_one_while_no_admin_key_is_configured_not_even_loopback()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "admin/key");
        request.Headers.Authorization = new("Bearer", "any-key-at-all-0123456789");

        using var response = await gateway.Client.SendAsync(request, _ct);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(_ct));
        Assert.Equal("invalid_api_key", json.RootElement.GetProperty("error").GetProperty("code").GetString());
    }

    [Fact]
    public async Task A_remote_caller_without_a_key_gets_the_health_status_alone()
    {
        await gateway.ResetAsync(_ct);
        await gateway.Simulator.SetFaultAsync(GatewayFixture.OpenAIProvider, new { mode = "error", status = 500 }, _ct);
        using (var failed = await gateway.ChatAsync(cancellationToken: _ct))
        {
            Assert.True(failed.IsSuccessStatusCode);
        }
        using var remote = gateway.RemoteClient();

        using var summary = await remote.GetAsync("health", _ct);
        using var detailed = await gateway.Client.GetAsync("health", _ct);

        Assert.Equal(detailed.StatusCode, summary.StatusCode);
        using var summaryJson = JsonDocument.Parse(await summary.Content.ReadAsStringAsync(_ct));
        Assert.Equal(["status"], summaryJson.RootElement.EnumerateObject().Select(p => p.Name));
        using var detailedJson = JsonDocument.Parse(await detailed.Content.ReadAsStringAsync(_ct));
        Assert.Equal(summaryJson.RootElement.GetProperty("status").GetString(), detailedJson.RootElement.GetProperty("status").GetString());
        Assert.Contains(detailedJson.RootElement.GetProperty("providers").EnumerateArray(),
            p => p.GetProperty("last_error").GetString() == "HTTP 500");
        await gateway.ResetAsync(_ct);
    }
}
