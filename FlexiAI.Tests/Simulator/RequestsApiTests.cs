using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace FlexiAI.Tests.Simulator;

/// <summary>
/// <c>GET /requests/{provider}</c>: the provider's last chat calls, newest first, at most <c>Simulator:RecordedRequests</c>
/// (16 in the fixture), with their headers (credentials only as fingerprints) and bodies; <c>DELETE /requests</c> forgets them.
/// </summary>
public sealed class RequestsApiTests(SimulatorFixture simulator) : IClassFixture<SimulatorFixture>, IAsyncLifetime
{
    private const string Path = "sim-anthropic/v1/messages";
    private const string Secret = "sk-ant-never-shown-0123456789";

    public ValueTask InitializeAsync() => new(simulator.ResetAsync(TestContext.Current.CancellationToken));

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private async Task SendAsync(string text, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, Path)
        {
            Content = new StringContent($$"""{"model":"m","max_tokens":8,"messages":[{"role":"user","content":"{{text}}"}]}""", Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("x-api-key", Secret);
        request.Headers.Add("anthropic-version", "2023-06-01");
        using var response = await simulator.Client.SendAsync(request, ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task The_last_calls_are_kept_newest_first_with_credentials_as_fingerprints()
    {
        var ct = TestContext.Current.CancellationToken;
        for (var i = 0; i < 20; i++)
        {
            await SendAsync($"call {i}", ct);
        }

        var recorded = await simulator.Client.GetFromJsonAsync<JsonElement>("requests/sim-anthropic", ct);
        var raw = await simulator.Client.GetStringAsync("requests/sim-anthropic", ct);

        Assert.Equal(16, recorded.GetArrayLength());
        Assert.Contains("call 19", recorded[0].GetProperty("body").GetString(), StringComparison.Ordinal);
        Assert.Contains("call 4", recorded[15].GetProperty("body").GetString(), StringComparison.Ordinal);
        Assert.Equal("POST", recorded[0].GetProperty("method").GetString());
        Assert.Equal("/sim-anthropic/v1/messages", recorded[0].GetProperty("path").GetString());
        var headers = recorded[0].GetProperty("headers");
        Assert.Equal("2023-06-01", headers.GetProperty("anthropic-version").GetString());
        Assert.Equal("sha256:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Secret)))[..16],
            headers.GetProperty("x-api-key").GetString());
        Assert.DoesNotContain(Secret, raw, StringComparison.Ordinal);
        Assert.Equal(0, (await simulator.Client.GetFromJsonAsync<JsonElement>("requests/sim-openai", ct)).GetArrayLength());
    }

    [Fact]
    public async Task Clearing_forgets_and_an_unknown_provider_is_404()
    {
        var ct = TestContext.Current.CancellationToken;
        await SendAsync("hello", ct);

        using (var cleared = await simulator.Client.DeleteAsync("requests", ct))
        {
            Assert.Equal(HttpStatusCode.NoContent, cleared.StatusCode);
        }
        using var unknown = await simulator.Client.GetAsync("requests/no-such-provider", ct);

        Assert.Equal(0, (await simulator.Client.GetFromJsonAsync<JsonElement>("requests/sim-anthropic", ct)).GetArrayLength());
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }
}
