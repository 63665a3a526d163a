using System.Net.Http.Headers;
using System.Text.Json;
using FlexiAI.Tests.Gateway;

namespace FlexiAI.Tests.Security;

/// <summary>
/// Every request of the malformed corpus gets a 4xx with an OpenAI-shaped error that says what is wrong; none gets a
/// 5xx, none hangs, and the gateway stays up.
/// </summary>
public sealed class MalformedRequestTests(GatewayFixture gateway) : IClassFixture<GatewayFixture>
{
    [Fact]
    public async Task Every_malformed_request_gets_a_clear_4xx_and_the_gateway_stays_up()
    {
        var ct = TestContext.Current.CancellationToken;
        await gateway.ResetAsync(ct);
        var corpus = MalformedRequestCorpus.All();
        Assert.True(corpus.Count >= 100, $"the corpus has {corpus.Count} requests");

        var problems = new List<string>();
        using var client = new HttpClient { BaseAddress = gateway.BaseAddress, Timeout = TimeSpan.FromSeconds(10) };
        foreach (var bad in corpus)
        {
            using var request = new HttpRequestMessage(new HttpMethod(bad.Method), bad.Path);
            if (bad.Method is "POST" or "PUT")
            {
                request.Content = new ByteArrayContent(bad.Body);
                // As curl does for large bodies: the gateway can refuse (413) before the body is sent.
                request.Headers.ExpectContinue = bad.Body.Length > 1024 * 1024;
                if (bad.ContentType is not null)
                {
                    request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(bad.ContentType);
                }
            }
            using var response = await client.SendAsync(request, ct);
            var status = (int)response.StatusCode;
            var body = await response.Content.ReadAsStringAsync(ct);
            if (status is < 400 or >= 500)
            {
                problems.Add($"{bad.Name}: {status}");
                continue;
            }
            if (bad.RejectedByServer)
            {
                if (status != 400)
                {
                    problems.Add($"{bad.Name}: {status}, expected Kestrel's 400");
                }
                continue;
            }
            try
            {
                using var json = JsonDocument.Parse(body);
                var message = json.RootElement.GetProperty("error").GetProperty("message").GetString();
                if (string.IsNullOrWhiteSpace(message))
                {
                    problems.Add($"{bad.Name}: {status} without a message");
                }
            }
            catch (Exception exception) when (exception is JsonException or KeyNotFoundException or InvalidOperationException)
            {
                problems.Add($"{bad.Name}: {status} with a body that is not an OpenAI error: {body[..Math.Min(body.Length, 120)]}");
            }
        }

        Assert.True(problems.Count == 0, $"{problems.Count} of {corpus.Count} requests were mishandled:\n{string.Join("\n", problems)}");
        using var live = await gateway.Client.GetAsync("health/live", ct);
        Assert.True(live.IsSuccessStatusCode);
        using var stillServes = await gateway.ChatAsync(cancellationToken: ct);
        Assert.True(stillServes.IsSuccessStatusCode);
    }
}
