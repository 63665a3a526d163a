using System.ClientModel;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using FlexiAI.Tests.Gateway;
using FlexiAI.Tests.Infrastructure;
using OpenAI.Chat;
using OpenAI.Models;

namespace FlexiAI.Tests.Surface;

/// <summary>
/// The model names apps already send: a provider's own model (those providers first, then the default order),
/// <c>provider/model</c> (that provider alone, that model), and <c>GET /v1/models</c> listing them with <c>owned_by</c>.
/// </summary>
public sealed class ModelNameTests(SurfaceFixture gateway) : IClassFixture<SurfaceFixture>
{
    private readonly CancellationToken _ct = TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_providers_model_name_goes_to_that_provider_through_the_official_client()
    {
        await gateway.ResetAsync(_ct);
        var chat = gateway.OpenAI().GetChatClient("gpt-4o-mini");

        ClientResult<ChatCompletion> result = await chat.CompleteChatAsync([new UserChatMessage("Hello")], cancellationToken: _ct);

        Assert.Equal("gpt-4o-mini", result.Value.Model);
        Assert.True(result.GetRawResponse().Headers.TryGetValue("x-flexiai-provider", out var provider));
        Assert.Equal(GatewayFixture.OpenAIProvider, provider);
    }

    [Fact]
    public async Task A_providers_model_name_tries_that_provider_first_then_the_default_order()
    {
        await gateway.ResetAsync(_ct);

        using (var first = await gateway.ChatAsync("claude-sonnet-4-5", cancellationToken: _ct))
        {
            Assert.Equal(HttpStatusCode.OK, first.StatusCode);
            Assert.Equal(GatewayFixture.AnthropicProvider, first.Header("x-flexiai-provider"));
            Assert.Equal("1", first.Header("x-flexiai-attempts"));
        }

        await gateway.Simulator.SetFaultAsync(GatewayFixture.AnthropicProvider, new { mode = "error", status = 503 }, _ct);
        using var fallback = await gateway.ChatAsync("claude-sonnet-4-5", cancellationToken: _ct);
        Assert.Equal(HttpStatusCode.OK, fallback.StatusCode);
        Assert.Equal(GatewayFixture.OpenAIProvider, fallback.Header("x-flexiai-provider"));
        Assert.Equal("2", fallback.Header("x-flexiai-attempts"));
    }

    [Theory]
    [InlineData("sim-openai/gpt-4.1", GatewayFixture.OpenAIProvider, "gpt-4.1")]
    [InlineData("sim-anthropic/claude-opus-4-1", GatewayFixture.AnthropicProvider, "claude-opus-4-1")]
    public async Task Provider_and_model_sends_that_model_to_that_provider_alone(string model, string provider, string sent)
    {
        await gateway.ResetAsync(_ct);
        var chat = gateway.OpenAI().GetChatClient(model);

        ClientResult<ChatCompletion> result = await chat.CompleteChatAsync([new UserChatMessage("Hello")], cancellationToken: _ct);

        Assert.Equal(sent, result.Value.Model);
        Assert.True(result.GetRawResponse().Headers.TryGetValue("x-flexiai-provider", out var answered));
        Assert.Equal(provider, answered);
    }

    [Fact]
    public async Task Provider_and_model_never_fails_over_to_another_provider()
    {
        await gateway.ResetAsync(_ct);
        await gateway.Simulator.SetFaultAsync(GatewayFixture.OpenAIProvider, new { mode = "error", status = 500 }, _ct);

        using var response = await gateway.ChatAsync("sim-openai/gpt-4o-mini", cancellationToken: _ct);

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        Assert.Equal("1", response.Header("x-flexiai-attempts"));
    }

    [Theory]
    [InlineData("gpt-5")]
    [InlineData("nobody/gpt-4o-mini")]
    [InlineData("sim-openai/")]
    public async Task An_unknown_name_is_a_404_model_not_found_listing_the_choices(string model)
    {
        var chat = gateway.OpenAI().GetChatClient(model);

        var failure = await Assert.ThrowsAsync<ClientResultException>(() => chat.CompleteChatAsync([new UserChatMessage("hi")], cancellationToken: _ct));

        Assert.Equal(404, failure.Status);
        using var body = JsonDocument.Parse(failure.GetRawResponse()!.Content.ToString());
        var error = body.RootElement.GetProperty("error");
        Assert.Equal("model_not_found", error.GetProperty("code").GetString());
        var message = error.GetProperty("message").GetString()!;
        Assert.Contains("default", message, StringComparison.Ordinal);
        Assert.Contains("gpt-4o-mini", message, StringComparison.Ordinal);
        Assert.Contains("provider/model", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_model_list_has_routes_provider_models_and_embedding_models_with_their_owners()
    {
        OpenAIModelCollection models = await gateway.OpenAI().GetOpenAIModelClient().GetModelsAsync(_ct);

        var owners = models.ToDictionary(m => m.Id, m => m.OwnedBy);
        Assert.Equal("flexiai", owners["default"]);
        Assert.Equal("flexiai", owners[GatewayFixture.TranslatedRoute]);
        Assert.Equal(GatewayFixture.OpenAIProvider, owners["gpt-4o-mini"]);
        Assert.Equal(GatewayFixture.AnthropicProvider, owners["claude-sonnet-4-5"]);
        Assert.Equal(GatewayFixture.DeadProvider, owners["gpt-4o"]);
        Assert.Equal(GatewayFixture.OpenAIProvider, owners[SurfaceFixture.EmbeddingModel]);
        Assert.Equal(models.Count, owners.Count);
    }

    [Fact]
    public async Task The_simple_chat_endpoint_takes_model_names_too()
    {
        await gateway.ResetAsync(_ct);

        using var response = await gateway.Client.PostAsJsonAsync("chat", new { message = "hi", model = "claude-sonnet-4-5" }, _ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(_ct);
        Assert.Equal(GatewayFixture.AnthropicProvider, body.GetProperty("provider").GetString());
    }
}
