using System.ClientModel;
using System.Text;
using Anthropic;
using Anthropic.Models.Messages;
using System.Net.Http.Json;
using System.Text.Json;
using Aspire.Hosting.Testing;
using OpenAI;
using OpenAI.Responses;

#pragma warning disable OPENAI001 // The Responses API is marked for evaluation in the OpenAI SDK.

namespace FlexiAI.Tests.AppHost;

/// <summary>
/// What a new user tries with <c>dotnet run --project FlexiAI.AppHost</c>: the simulated embeddings model is listed and
/// answers through the official client, a provider's model name works, the Responses API answers, and the official
/// Anthropic client gets a message, whole and streamed, from <c>/v1/messages</c>.
/// </summary>
[Collection(WholeAppCollection.Name)]
public sealed class WholeAppSurfaceTests(AppHostFixture fixture)
{
    [Fact]
    public async Task The_official_client_gets_embeddings_a_response_and_the_model_list_from_the_app()
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromMinutes(1));
        var ct = timeout.Token;
        using var gateway = fixture.App.CreateHttpClient("gateway");
        var client = new OpenAIClient(new ApiKeyCredential("no-key-configured"),
            new OpenAIClientOptions { Endpoint = new Uri(gateway.BaseAddress!, "v1") });

        var models = await gateway.GetFromJsonAsync<JsonElement>("/v1/models", ct);
        var owners = models.GetProperty("data").EnumerateArray()
            .ToDictionary(m => m.GetProperty("id").GetString()!, m => m.GetProperty("owned_by").GetString());
        var embedding = await client.GetEmbeddingClient("text-embedding-3-small").GenerateEmbeddingAsync("Hello", cancellationToken: ct);
        var response = await client.GetResponsesClient().CreateResponseAsync(
            new CreateResponseOptions { Model = "gpt-4o-mini", InputItems = { ResponseItem.CreateUserMessageItem("Hello") } }, ct);

        Assert.Equal("sim-openai", owners["text-embedding-3-small"]);
        Assert.Equal("sim-openai", owners["gpt-4o-mini"]);
        Assert.Equal("flexiai", owners["default"]);
        Assert.Equal(1536, embedding.Value.ToFloats().Length);
        Assert.StartsWith("Hello from sim-openai", response.Value.GetOutputText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_official_Anthropic_client_gets_a_message_whole_and_streamed_from_the_app()
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromMinutes(1));
        var ct = timeout.Token;
        await fixture.ClearFaultsAsync(ct);
        using var gateway = fixture.App.CreateHttpClient("gateway");
        var client = new AnthropicClient { BaseUrl = gateway.BaseAddress!.ToString().TrimEnd('/'), ApiKey = "no-key-configured", MaxRetries = 0 };
        // A provider's model, as an existing Anthropic app sends it: sim-anthropic first, passed through.
        var ask = new MessageCreateParams { Model = "claude-sonnet-4-5", MaxTokens = 256, Messages = [new UserMessageParam("Hello")] };

        var message = await client.Messages.Create(ask, ct);
        var streamed = new StringBuilder();
        var stopped = false;
        await foreach (var streamEvent in client.Messages.CreateStreaming(ask, ct))
        {
            if (streamEvent.TryPickContentBlockDelta(out var delta) && delta!.Delta.TryPickText(out var piece))
            {
                streamed.Append(piece!.Text);
            }
            stopped |= streamEvent.TryPickStop(out _);
        }

        Assert.Equal("claude-sonnet-4-5", message.Model.Raw());
        Assert.True(message.Content[0].TryPickText(out var text));
        Assert.StartsWith("Hello from sim-anthropic", text!.Text, StringComparison.Ordinal);
        Assert.Equal(StopReason.EndTurn, message.StopReason!.Value());
        Assert.True(message.Usage.OutputTokens > 0);
        Assert.True(stopped);
        Assert.Equal(text.Text, streamed.ToString());
    }
}
