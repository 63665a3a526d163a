using System.Net;
using System.Net.Http.Json;
using Aspire.Hosting.Testing;

namespace FlexiAI.Tests.AppHost;

/// <summary>The system as `dotnet run --project FlexiAI.AppHost` starts it: gateway replicas, simulator, Redis.</summary>
[Collection(WholeAppCollection.Name)]
public sealed class WholeAppTests(AppHostFixture fixture)
{
    private static readonly TimeSpan s_testTimeout = TimeSpan.FromMinutes(1);

    [Fact]
    public async Task Gateway_replicas_answer_through_the_first_provider_and_fail_over_when_it_errors()
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(s_testTimeout);
        var ct = timeout.Token;
        TestContext.Current.TestOutputHelper?.WriteLine($"App started, gateway healthy after {fixture.TimeToHealthy.TotalSeconds:0.0} s");

        using var gateway = fixture.App.CreateHttpClient("gateway");
        using var simulator = fixture.App.CreateHttpClient("simulator");
        try
        {
            var replicas = new HashSet<string>(StringComparer.Ordinal);
            for (var i = 0; i < 30; i++)
            {
                using var response = await SendChatAsync(gateway, ct);
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                Assert.Equal("sim-openai", Header(response, "x-flexiai-provider"));
                replicas.Add(Header(response, "x-flexiai-replica") ?? "(none)");
            }

            Assert.True(replicas.Count >= 2, $"Expected answers from at least 2 replicas, got: {string.Join(", ", replicas)}");

            using (var fault = await simulator.PutAsJsonAsync("/faults/sim-openai", new { mode = "error", status = 500 }, ct))
            {
                fault.EnsureSuccessStatusCode();
            }

            using var failedOver = await SendChatAsync(gateway, ct);
            Assert.Equal(HttpStatusCode.OK, failedOver.StatusCode);
            Assert.Equal("sim-anthropic", Header(failedOver, "x-flexiai-provider"));
        }
        finally
        {
            await fixture.ClearFaultsAsync(CancellationToken.None);
        }
    }

    // A new connection per request: Aspire's proxy balances the replicas per connection, not per request.
    private static async Task<HttpResponseMessage> SendChatAsync(HttpClient gateway, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions")
        {
            Content = JsonContent.Create(new
            {
                model = "default",
                messages = new[] { new { role = "user", content = "hi" } },
            }),
        };
        request.Headers.ConnectionClose = true;
        return await gateway.SendAsync(request, ct);
    }

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? string.Join(",", values) : null;
}
