using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace FlexiAI.Tests.Gateway;

/// <summary>
/// <c>/v1/messages</c> over raw HTTP: keys by <c>x-api-key</c> or <c>Authorization: Bearer</c>, errors in Anthropic's
/// shape, a malformed request answered 400 before any provider is called, the <c>x-flexiai-*</c> headers, and
/// <c>count_tokens</c> on a route without an Anthropic-protocol provider.
/// </summary>
public sealed class MessagesRouteTests(MessagesGatewayFixture gateway) : IClassFixture<MessagesGatewayFixture>
{
    private readonly CancellationToken _ct = TestContext.Current.CancellationToken;

    private Task<HttpResponseMessage> PostAsync(string path, object body, string? apiKey = MessagesGatewayFixture.ClientKey, string? bearer = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body) };
        if (apiKey is not null)
        {
            request.Headers.Add("x-api-key", apiKey);
        }
        if (bearer is not null)
        {
            request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", bearer);
        }
        request.Headers.Add("anthropic-version", "2023-06-01");
        return gateway.Client.SendAsync(request, _ct);
    }

    private static object Ask(string model) => new
    {
        model,
        max_tokens = 64,
        messages = new[] { new { role = "user", content = "Tell me about failover." } },
    };

    private static async Task<JsonElement> AnthropicErrorAsync(HttpResponseMessage response, string type)
    {
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var root = document.RootElement;
        Assert.Equal("error", root.GetProperty("type").GetString());
        Assert.Equal(type, root.GetProperty("error").GetProperty("type").GetString());
        Assert.False(string.IsNullOrEmpty(root.GetProperty("error").GetProperty("message").GetString()));
        return root.Clone();
    }

    [Fact]
    public async Task A_passed_through_answer_says_which_provider_answered()
    {
        await gateway.ResetAsync(_ct);

        using var response = await PostAsync("v1/messages", Ask(MessagesGatewayFixture.AnthropicFirstRoute));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(GatewayFixture.AnthropicProvider, response.Headers.GetValues("x-flexiai-provider").Single());
        Assert.Equal("1", response.Headers.GetValues("x-flexiai-attempts").Single());
        // The provider's own request id and rate-limit headers reach the client (the allowlist); its cookies never do.
        Assert.StartsWith("req_sim", response.Headers.GetValues("request-id").Single(), StringComparison.Ordinal);
        Assert.Equal("4000", response.Headers.GetValues("anthropic-ratelimit-requests-limit").Single());
        Assert.False(response.Headers.Contains("Set-Cookie"));
        using var answer = JsonDocument.Parse(await response.Content.ReadAsStringAsync(_ct));
        Assert.Equal("message", answer.RootElement.GetProperty("type").GetString());
        Assert.Equal("claude-sonnet-4-5", answer.RootElement.GetProperty("model").GetString());
    }

    [Theory]
    [InlineData(GatewayFixture.AnthropicProvider, "claude-opus-4-1")]
    [InlineData(GatewayFixture.OpenAIProvider, "gpt-4.1")]
    public async Task A_provider_slash_model_request_sends_that_model_on_either_path(string provider, string model)
    {
        await gateway.ResetAsync(_ct);

        using var response = await PostAsync("v1/messages", Ask($"{provider}/{model}"));
        var (_, sent) = await gateway.Simulator.LastRequestAsync(provider, _ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(provider, response.Headers.GetValues("x-flexiai-provider").Single());
        Assert.Equal(model, JsonDocument.Parse(sent).RootElement.GetProperty("model").GetString());
        using var answer = JsonDocument.Parse(await response.Content.ReadAsStringAsync(_ct));
        Assert.Equal(model, answer.RootElement.GetProperty("model").GetString());
    }

    [Fact]
    public async Task A_bearer_client_key_is_accepted_as_well()
    {
        await gateway.ResetAsync(_ct);

        using var response = await PostAsync("v1/messages", Ask(MessagesGatewayFixture.AnthropicFirstRoute), apiKey: null, bearer: MessagesGatewayFixture.ClientKey);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task A_wrong_key_is_401_in_Anthropic_shape()
    {
        using var response = await PostAsync("v1/messages", Ask(MessagesGatewayFixture.AnthropicFirstRoute), apiKey: "not-a-key");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        await AnthropicErrorAsync(response, "authentication_error");
    }

    [Fact]
    public async Task A_request_without_max_tokens_is_400_and_reaches_no_provider()
    {
        await gateway.ResetAsync(_ct);

        using var response = await PostAsync("v1/messages", new
        {
            model = MessagesGatewayFixture.AnthropicFirstRoute,
            messages = new[] { new { role = "user", content = "Hello" } },
        });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = await AnthropicErrorAsync(response, "invalid_request_error");
        Assert.Contains("max_tokens", error.GetProperty("error").GetProperty("message").GetString(), StringComparison.Ordinal);
        foreach (var provider in new[] { GatewayFixture.AnthropicProvider, GatewayFixture.OpenAIProvider })
        {
            var stats = await gateway.Simulator.GetStatsAsync(provider, _ct);
            Assert.Equal(0, stats.GetProperty("calls").GetInt64());
        }
    }

    [Fact]
    public async Task A_message_with_an_unknown_role_is_400_naming_the_field()
    {
        using var response = await PostAsync("v1/messages", new
        {
            model = MessagesGatewayFixture.AnthropicFirstRoute,
            max_tokens = 10,
            messages = new[] { new { role = "system", content = "Hello" } },
        });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = await AnthropicErrorAsync(response, "invalid_request_error");
        Assert.Contains("messages.0.role", error.GetProperty("error").GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_model_is_404_in_Anthropic_shape()
    {
        using var response = await PostAsync("v1/messages", Ask("no-such-route"));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        await AnthropicErrorAsync(response, "not_found_error");
    }

    [Fact]
    public async Task Counting_tokens_on_a_route_without_an_Anthropic_provider_is_400()
    {
        using var response = await PostAsync("v1/messages/count_tokens", new
        {
            model = GatewayFixture.PassThroughRoute,
            messages = new[] { new { role = "user", content = "Hello" } },
        });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = await AnthropicErrorAsync(response, "invalid_request_error");
        Assert.Contains(GatewayFixture.PassThroughRoute, error.GetProperty("error").GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task When_every_provider_fails_the_answer_is_an_Anthropic_error_naming_each_attempt()
    {
        await gateway.ResetAsync(_ct);
        await gateway.Simulator.SetFaultAsync(GatewayFixture.AnthropicProvider, new { mode = "error", status = 529 }, _ct);
        await gateway.Simulator.SetFaultAsync(GatewayFixture.OpenAIProvider, new { mode = "error", status = 500 }, _ct);

        using var response = await PostAsync("v1/messages", Ask(MessagesGatewayFixture.AnthropicFirstRoute));

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        Assert.Equal("2", response.Headers.GetValues("x-flexiai-attempts").Single());
        var error = await AnthropicErrorAsync(response, "api_error");
        var message = error.GetProperty("error").GetProperty("message").GetString();
        Assert.Contains("sim-anthropic: HTTP 529", message, StringComparison.Ordinal);
        Assert.Contains("sim-openai: HTTP 500", message, StringComparison.Ordinal);
    }
}
