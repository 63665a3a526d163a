using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace FlexiAI.Tests.Gateway;

/// <summary>
/// What the Messages pass-through keeps, seen from the provider's side (the simulator records the requests it gets):
/// the caller's <c>anthropic-version</c> and <c>anthropic-beta</c> arrive as sent, the provider's key arrives and the
/// caller's never does; the gateway's answers, whole and streamed, are byte for byte what the provider answers to the
/// same request sent to it directly (only <c>model</c> swapped). On the translation path, <c>top_k</c> is not sent.
/// </summary>
public sealed class MessagesPassThroughFidelityTests(MessagesGatewayFixture gateway) : IClassFixture<MessagesGatewayFixture>
{
    private const string ProviderModel = "claude-sonnet-4-5";
    private const string Beta = "prompt-caching-2024-07-31,token-efficient-tools-2025-02-19";
    private readonly CancellationToken _ct = TestContext.Current.CancellationToken;

    /// <summary>As the simulator records a credential: <c>sha256:</c> and the first 16 hex digits of its SHA-256.</summary>
    private static string Fingerprint(string value) => "sha256:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(value)))[..16];

    private static string Body(string model, bool stream, bool tool, int? topK = null)
    {
        var body = new JsonObject
        {
            ["model"] = model,
            ["max_tokens"] = 128,
            ["stream"] = stream,
            ["temperature"] = 0.5,
            ["messages"] = new JsonArray(new JsonObject { ["role"] = "user", ["content"] = tool ? "What is the weather in Paris?" : "Tell me about failover." }),
        };
        if (topK is { } k)
        {
            body["top_k"] = k;
        }
        if (tool)
        {
            body["tools"] = JsonNode.Parse("""[{"name":"get_weather","description":"Weather","input_schema":{"type":"object","properties":{"location":{"type":"string"}},"required":["location"]}}]""");
            body["tool_choice"] = JsonNode.Parse("""{"type":"tool","name":"get_weather"}""");
        }
        return body.ToJsonString();
    }

    private async Task<(HttpResponseMessage Response, byte[] Body)> SendAsync(HttpClient client, string path, string json,
        string? apiKey = MessagesGatewayFixture.ClientKey, string? bearer = null, string? beta = Beta)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        request.Headers.Add("anthropic-version", "2023-06-01");
        if (beta is not null)
        {
            request.Headers.Add("anthropic-beta", beta);
        }
        if (apiKey is not null)
        {
            request.Headers.Add("x-api-key", apiKey);
        }
        if (bearer is not null)
        {
            request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", bearer);
        }
        var response = await client.SendAsync(request, _ct);
        return (response, await response.Content.ReadAsByteArrayAsync(_ct));
    }

    [Fact]
    public async Task The_provider_gets_the_callers_anthropic_headers_and_its_own_key_never_the_callers()
    {
        await gateway.ResetAsync(_ct);

        var (byApiKey, _) = await SendAsync(gateway.Client, "v1/messages", Body(MessagesGatewayFixture.AnthropicFirstRoute, stream: false, tool: false));
        var (sentByApiKey, _) = await gateway.Simulator.LastRequestAsync(GatewayFixture.AnthropicProvider, _ct);
        var (byBearer, _) = await SendAsync(gateway.Client, "v1/messages", Body(MessagesGatewayFixture.AnthropicFirstRoute, stream: true, tool: false),
            apiKey: null, bearer: MessagesGatewayFixture.ClientKey, beta: null);
        var (sentByBearer, _) = await gateway.Simulator.LastRequestAsync(GatewayFixture.AnthropicProvider, _ct);

        Assert.Equal(HttpStatusCode.OK, byApiKey.StatusCode);
        Assert.Equal(HttpStatusCode.OK, byBearer.StatusCode);
        Assert.Equal("2023-06-01", sentByApiKey["anthropic-version"]);
        Assert.Equal(Beta, sentByApiKey["anthropic-beta"]);
        Assert.False(sentByBearer.ContainsKey("anthropic-beta")); // not sent, not invented
        foreach (var sent in new[] { sentByApiKey, sentByBearer })
        {
            Assert.Equal(Fingerprint(MessagesGatewayFixture.AnthropicProviderKey), sent["x-api-key"]);
            Assert.False(sent.ContainsKey("authorization"), string.Join(", ", sent.Keys));
            Assert.DoesNotContain(sent.Values, v => v == Fingerprint(MessagesGatewayFixture.ClientKey) || v.Contains(MessagesGatewayFixture.ClientKey, StringComparison.Ordinal));
        }
    }

    [Theory]
    [InlineData(false, false)]
    [InlineData(false, true)]
    [InlineData(true, false)]
    [InlineData(true, true)]
    public async Task The_answer_is_byte_for_byte_what_the_provider_answers_directly(bool stream, bool tool)
    {
        await gateway.ResetAsync(_ct);
        using var direct = new HttpClient { BaseAddress = gateway.Simulator.ProviderAddress(GatewayFixture.AnthropicProvider) };

        var (throughGateway, gatewayBody) = await SendAsync(gateway.Client, "v1/messages", Body(MessagesGatewayFixture.AnthropicFirstRoute, stream, tool));
        var (fromProvider, providerBody) = await SendAsync(direct, "v1/messages", Body(ProviderModel, stream, tool), apiKey: MessagesGatewayFixture.AnthropicProviderKey);

        Assert.Equal(HttpStatusCode.OK, throughGateway.StatusCode);
        Assert.Equal(HttpStatusCode.OK, fromProvider.StatusCode);
        Assert.Equal(GatewayFixture.AnthropicProvider, throughGateway.Headers.GetValues("x-flexiai-provider").Single());
        Assert.True(providerBody.Length > 100);
        Assert.Equal(Encoding.UTF8.GetString(providerBody), Encoding.UTF8.GetString(gatewayBody));
        Assert.Equal(providerBody, gatewayBody);
        var stats = await gateway.Simulator.GetStatsAsync(GatewayFixture.AnthropicProvider, _ct);
        Assert.Equal(2, stats.GetProperty("calls").GetInt64());
    }

    [Fact]
    public async Task Top_k_is_not_sent_to_an_OpenAI_protocol_provider()
    {
        await gateway.ResetAsync(_ct);

        var (response, _) = await SendAsync(gateway.Client, "v1/messages", Body(GatewayFixture.PassThroughRoute, stream: false, tool: false, topK: 5));
        var (headers, body) = await gateway.Simulator.LastRequestAsync(GatewayFixture.OpenAIProvider, _ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var sent = JsonDocument.Parse(body);
        Assert.False(sent.RootElement.TryGetProperty("top_k", out _), body);
        Assert.Equal(0.5, sent.RootElement.GetProperty("temperature").GetDouble(), 3); // the rest of the options do cross
        Assert.Equal(128, sent.RootElement.GetProperty("max_completion_tokens").GetInt32());
        Assert.DoesNotContain(headers.Values, v => v.Contains(MessagesGatewayFixture.ClientKey, StringComparison.Ordinal) ||
            v == Fingerprint("Bearer " + MessagesGatewayFixture.ClientKey) || v == Fingerprint(MessagesGatewayFixture.ClientKey));
    }
}
