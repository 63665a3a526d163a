using System.Net.Http.Json;
using System.Text.Json;
using Aspire.Hosting.Testing;
using FlexiAI.Tests.Infrastructure;

namespace FlexiAI.Tests.AppHost;

/// <summary>The whole app as `dotnet run` starts it: a primary that dies is OPEN on every gateway replica.</summary>
[Collection(WholeAppCollection.Name)]
public sealed class SharedStateWholeAppTests(AppHostFixture fixture)
{
    [Fact]
    public async Task A_failed_primary_is_open_on_every_replica()
    {
        var ct = TestContext.Current.CancellationToken;
        using var gateway = fixture.App.CreateHttpClient("gateway");
        using var simulator = fixture.App.CreateHttpClient("simulator");
        try
        {
            using (var fault = await simulator.PutAsJsonAsync("/faults/sim-openai", new { mode = "error", status = 500 }, ct))
            {
                fault.EnsureSuccessStatusCode();
            }
            for (var i = 0; i < 8; i++)
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions")
                {
                    Content = JsonContent.Create(new { model = "default", messages = new[] { new { role = "user", content = "hi" } } }),
                };
                request.Headers.ConnectionClose = true;
                using var response = await gateway.SendAsync(request, ct);
                Assert.True(response.IsSuccessStatusCode);
            }

            await Eventually.TrueAsync(async () =>
            {
                var cluster = await gateway.GetFromJsonAsync<JsonElement>("/cluster", ct);
                var replicas = cluster.GetProperty("replicas").EnumerateArray().ToList();
                return cluster.GetProperty("source").GetString() == "redis" &&
                       replicas.Count == AppHostFixture.GatewayReplicas &&
                       replicas.All(r => r.GetProperty("providers").EnumerateArray()
                           .Single(p => p.GetProperty("name").GetString() == "sim-openai")
                           .GetProperty("circuit_state").GetString() == "OPEN");
            }, "every gateway replica reports sim-openai OPEN", TimeSpan.FromSeconds(10));
        }
        finally
        {
            await fixture.ClearFaultsAsync(CancellationToken.None);
            using var reset = await gateway.PostAsync("/providers/sim-openai/reset", null, CancellationToken.None);
        }
    }
}
