using System.ClientModel;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using FlexiAI.Tests.Gateway;
using FlexiAI.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using OpenAI.Embeddings;

namespace FlexiAI.Tests.Surface;

/// <summary><c>POST /v1/embeddings</c> through the official OpenAI client, over real HTTP to the simulator.</summary>
public sealed class EmbeddingsApiTests(SurfaceFixture gateway) : IClassFixture<SurfaceFixture>
{
    private readonly CancellationToken _ct = TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_official_client_gets_the_same_vector_for_the_same_text()
    {
        await gateway.ResetAsync(_ct);
        var client = gateway.OpenAI().GetEmbeddingClient(SurfaceFixture.EmbeddingModel);

        ClientResult<OpenAIEmbeddingCollection> result = await client.GenerateEmbeddingsAsync(["failover", "breakers", "failover"], cancellationToken: _ct);

        var vectors = result.Value.Select(e => e.ToFloats().ToArray()).ToArray();
        Assert.Equal(3, vectors.Length);
        Assert.All(vectors, v => Assert.Equal(1536, v.Length));
        Assert.Equal(vectors[0], vectors[2]);
        Assert.NotEqual(vectors[0], vectors[1]);
        Assert.InRange(Math.Sqrt(vectors[1].Sum(x => (double)x * x)), 0.999, 1.001);
        Assert.Equal(SurfaceFixture.EmbeddingModel, result.Value.Model);
        Assert.True(result.Value.Usage.InputTokenCount > 0);
        var headers = result.GetRawResponse().Headers;
        Assert.True(headers.TryGetValue("x-flexiai-provider", out var provider));
        Assert.Equal(GatewayFixture.OpenAIProvider, provider);
    }

    [Fact]
    public async Task Dimensions_are_the_requested_ones()
    {
        await gateway.ResetAsync(_ct);
        var client = gateway.OpenAI().GetEmbeddingClient(SurfaceFixture.EmbeddingModel);

        OpenAIEmbedding embedding = await client.GenerateEmbeddingAsync("short", new EmbeddingGenerationOptions { Dimensions = 64 }, _ct);

        Assert.Equal(64, embedding.ToFloats().Length);
    }

    [Fact]
    public async Task Fails_over_to_the_next_embeddings_provider_while_the_first_fails()
    {
        await gateway.ResetAsync(_ct);
        // refused-first: dead (connection refused), then sim-openai.
        var client = gateway.OpenAI().GetEmbeddingClient("refused-first");

        var result = await client.GenerateEmbeddingAsync("still answered", cancellationToken: _ct);

        Assert.Equal(1536, result.Value.ToFloats().Length);
        var headers = result.GetRawResponse().Headers;
        Assert.True(headers.TryGetValue("x-flexiai-attempts", out var attempts));
        Assert.Equal("2", attempts);
        var dead = await gateway.ProviderAsync(GatewayFixture.DeadProvider, _ct);
        Assert.Equal(1, dead.GetProperty("failure_count").GetInt32());
    }

    [Fact]
    public async Task A_provider_error_counts_against_its_breaker_and_the_request_fails_over()
    {
        await gateway.ResetAsync(_ct);
        await gateway.Simulator.SetFaultAsync(GatewayFixture.OpenAIProvider, new { mode = "error", status = 500 }, _ct);

        // By model name: sim-openai, then dead; both fail.
        using var response = await PostAsync(new { model = SurfaceFixture.EmbeddingModel, input = "x" });

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        Assert.Equal("all_providers_failed", (await ErrorAsync(response)).GetProperty("code").GetString());
        Assert.Equal("2", response.Header("x-flexiai-attempts"));
        var openai = await gateway.ProviderAsync(GatewayFixture.OpenAIProvider, _ct);
        Assert.Equal(1, openai.GetProperty("failure_count").GetInt32());
    }

    [Fact]
    public async Task Provider_and_model_sends_that_model_to_that_provider_alone()
    {
        await gateway.ResetAsync(_ct);
        var client = gateway.OpenAI().GetEmbeddingClient("sim-openai/text-embedding-3-large");

        OpenAIEmbeddingCollection result = await client.GenerateEmbeddingsAsync(["one"], cancellationToken: _ct);

        Assert.Equal("text-embedding-3-large", result.Model);
    }

    [Fact]
    public async Task A_route_without_an_embeddings_provider_is_a_400_naming_the_route()
    {
        using var response = await PostAsync(new { model = GatewayFixture.TranslatedRoute, input = "x" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = await ErrorAsync(response);
        Assert.Contains("'translated'", error.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Contains("EmbeddingModel", error.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_model_is_a_404_listing_the_embeddings_choices()
    {
        var client = gateway.OpenAI().GetEmbeddingClient("no-such-embedder");

        var failure = await Assert.ThrowsAsync<ClientResultException>(() => client.GenerateEmbeddingAsync("x", cancellationToken: _ct));

        Assert.Equal(404, failure.Status);
        using var body = JsonDocument.Parse(failure.GetRawResponse()!.Content.ToString());
        var error = body.RootElement.GetProperty("error");
        Assert.Equal("model_not_found", error.GetProperty("code").GetString());
        Assert.Contains(SurfaceFixture.EmbeddingModel, error.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_answer_streams_through_as_the_provider_sent_it_with_its_length()
    {
        await gateway.ResetAsync(_ct);
        const string body = """{"model":"text-embedding-3-small","input":"byte for byte","encoding_format":"base64"}""";

        using var direct = await gateway.Simulator.Client.PostAsync($"{GatewayFixture.OpenAIProvider}/v1/embeddings", Json(body), _ct);
        using var proxied = await gateway.Client.PostAsync("v1/embeddings", Json(body), _ct);

        Assert.Equal(HttpStatusCode.OK, proxied.StatusCode);
        Assert.Equal(await direct.Content.ReadAsByteArrayAsync(_ct), await proxied.Content.ReadAsByteArrayAsync(_ct));
        Assert.Equal(direct.Content.Headers.ContentLength, proxied.Content.Headers.ContentLength);
        Assert.Equal(direct.Content.Headers.ContentType?.ToString(), proxied.Content.Headers.ContentType?.ToString());
    }

    [Fact]
    public async Task The_tokens_of_a_streamed_answer_are_counted_from_its_usage()
    {
        await gateway.ResetAsync(_ct);
        var telemetry = gateway.Services.GetRequiredService<FlexiAI.Telemetry.FlexiAITelemetry>();
        long input = 0;
        using var listener = new System.Diagnostics.Metrics.MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument == telemetry.TokensUsed)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            foreach (var tag in tags)
            {
                if (tag.Key == "type" && "input".Equals(tag.Value))
                {
                    Interlocked.Add(ref input, value);
                }
            }
        });
        listener.Start();
        var client = gateway.OpenAI().GetEmbeddingClient(SurfaceFixture.EmbeddingModel);

        ClientResult<OpenAIEmbeddingCollection> result = await client.GenerateEmbeddingsAsync(["counted tokens"], cancellationToken: _ct);

        var sent = result.Value.Usage.InputTokenCount;
        Assert.True(sent > 0);
        // Counted once the answer has been copied, which may end just after the client has read it.
        await Eventually.TrueAsync(() => Interlocked.Read(ref input) == sent, $"the gateway counted the answer's {sent} input tokens");
    }

    [Fact]
    public async Task A_malformed_answer_counts_against_its_breaker_and_never_reaches_the_caller_whole()
    {
        await gateway.ResetAsync(_ct);
        // A JSON object cut in half, with the right status, type and length: it starts as an object, so it is streamed.
        await gateway.Simulator.SetFaultAsync(GatewayFixture.OpenAIProvider, new { mode = "malformed" }, _ct);

        using var request = new HttpRequestMessage(HttpMethod.Post, "v1/embeddings") { Content = Json("""{"model":"text-embedding-3-small","input":"cut"}""") };
        // The connection is cut before the answer's last byte: the client fails reading the body, or, when the reset
        // overtakes the headers, the response itself.
        var failure = await Record.ExceptionAsync(async () =>
        {
            using var response = await gateway.Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, _ct);
            await using var body = await response.Content.ReadAsStreamAsync(_ct);
            await body.CopyToAsync(Stream.Null, _ct);
        });

        Assert.True(failure is HttpRequestException or IOException, $"expected a cut answer, got {failure?.ToString() ?? "a whole one"}");
        await Eventually.TrueAsync(async () =>
            (await gateway.ProviderAsync(GatewayFixture.OpenAIProvider, _ct)).GetProperty("failure_count").GetInt32() == 1,
            "the malformed answer counted against sim-openai's breaker");
    }

    [Theory]
    [InlineData("""{"model":"text-embedding-3-small"}""", "input")]
    [InlineData("""{"model":"text-embedding-3-small","input":5}""", "input")]
    [InlineData("""{"model":"text-embedding-3-small","input":[]}""", "input")]
    [InlineData("""{"model":"text-embedding-3-small","input":"x","dimensions":0}""", "dimensions")]
    [InlineData("""{"model":"text-embedding-3-small","input":"x","encoding_format":"int8"}""", "encoding_format")]
    [InlineData("""{"input":"x"}""", "model")]
    public async Task Bad_input_is_a_400_naming_the_parameter_and_never_reaches_a_provider(string body, string param)
    {
        await gateway.ResetAsync(_ct);
        using var content = new StringContent(body, System.Text.Encoding.UTF8, "application/json");

        using var response = await gateway.Client.PostAsync("v1/embeddings", content, _ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(param, (await ErrorAsync(response)).GetProperty("param").GetString());
        var stats = await gateway.Simulator.GetStatsAsync(GatewayFixture.OpenAIProvider, _ct);
        Assert.Equal(0, stats.GetProperty("calls").GetInt64());
    }

    private static StringContent Json(string body) => new(body, System.Text.Encoding.UTF8, "application/json");

    private Task<HttpResponseMessage> PostAsync(object body) => gateway.Client.PostAsJsonAsync("v1/embeddings", body, _ct);

    private async Task<JsonElement> ErrorAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(_ct);
        return body.GetProperty("error");
    }
}
