using System.ClientModel;
using System.Net.Http.Json;
using System.Text.Json;
using Aspire.Hosting.Testing;
using OpenAI;
using OpenAI.Responses;

#pragma warning disable OPENAI001 // The Responses API is marked for evaluation in the OpenAI SDK.

namespace FlexiAI.Tests.AppHost;

/// <summary>
/// What a new user tries with <c>dotnet run --project FlexiAI.AppHost</c>: the simulated embeddings model is listed and
/// answers through the official client, a provider's model name works, and the Responses API answers.
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
}
