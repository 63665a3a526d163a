using System.ClientModel;
using System.Text.Json;
using OpenAI;
using OpenAI.Chat;

namespace FlexiAI.Tests.Gateway;

/// <summary>The official OpenAI .NET client pointed at the gateway's <c>/v1</c> works unchanged, streaming and not.</summary>
public sealed class OpenAIClientCompatibilityTests(GatewayFixture gateway) : IClassFixture<GatewayFixture>
{
    private readonly CancellationToken _ct = TestContext.Current.CancellationToken;

    private ChatClient Client(string model = "default") =>
        new(model, new ApiKeyCredential("client-key-not-checked-yet"),
            new OpenAIClientOptions { Endpoint = new Uri(gateway.BaseAddress, "v1") });

    [Fact]
    public async Task Completes_a_chat_through_the_pass_through_path()
    {
        await gateway.ResetAsync(_ct);

        ChatCompletion completion = await Client().CompleteChatAsync([new UserChatMessage("Hello, gateway")], cancellationToken: _ct);

        Assert.StartsWith("Hello from sim-openai", completion.Content[0].Text, StringComparison.Ordinal);
        Assert.Equal("gpt-4o-mini", completion.Model);
        Assert.Equal("fp_flexiai_sim", completion.SystemFingerprint);
        Assert.True(completion.Usage.OutputTokenCount > 0);
        Assert.Equal(ChatFinishReason.Stop, completion.FinishReason);
    }

    [Fact]
    public async Task Streams_a_chat_with_usage()
    {
        await gateway.ResetAsync(_ct);
        var text = new System.Text.StringBuilder();
        ChatTokenUsage? usage = null;

        await foreach (var update in Client().CompleteChatStreamingAsync([new UserChatMessage("Stream please")],
            new ChatCompletionOptions(), _ct))
        {
            foreach (var part in update.ContentUpdate)
            {
                text.Append(part.Text);
            }
            usage ??= update.Usage;
        }

        Assert.StartsWith("Hello from sim-openai", text.ToString(), StringComparison.Ordinal);
        Assert.NotNull(usage);
        Assert.True(usage.OutputTokenCount > 0);
    }

    [Fact]
    public async Task Streams_through_the_translation_path_after_failover()
    {
        await gateway.ResetAsync(_ct);
        await gateway.Simulator.SetFaultAsync(GatewayFixture.OpenAIProvider, new { mode = "error", status = 502 }, _ct);
        var text = new System.Text.StringBuilder();

        await foreach (var update in Client().CompleteChatStreamingAsync([new UserChatMessage("Stream please")], cancellationToken: _ct))
        {
            foreach (var part in update.ContentUpdate)
            {
                text.Append(part.Text);
            }
        }

        Assert.StartsWith("Hello from sim-anthropic", text.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_route_is_a_404_model_not_found()
    {
        var error = await Assert.ThrowsAsync<ClientResultException>(() =>
            Client("no-such-route").CompleteChatAsync([new UserChatMessage("hi")], cancellationToken: _ct));

        Assert.Equal(404, error.Status);
        using var body = JsonDocument.Parse(error.GetRawResponse()!.Content.ToString());
        Assert.Equal("model_not_found", body.RootElement.GetProperty("error").GetProperty("code").GetString());
    }

    [Fact]
    public async Task Fields_our_code_does_not_know_reach_the_client_unchanged()
    {
        await gateway.ResetAsync(_ct);
        const string Request = """{"model":"default","messages":[{"role":"user","content":"fidelity"}],"logprobs":false}""";

        using var direct = await gateway.Simulator.Client.PostAsync($"{GatewayFixture.OpenAIProvider}/v1/chat/completions",
            new StringContent(Request.Replace("\"default\"", "\"gpt-4o-mini\"", StringComparison.Ordinal), System.Text.Encoding.UTF8, "application/json"), _ct);
        using var proxied = await gateway.Client.PostAsync("v1/chat/completions",
            new StringContent(Request, System.Text.Encoding.UTF8, "application/json"), _ct);
        var directBody = await direct.Content.ReadAsStringAsync(_ct);
        var proxiedBody = await proxied.Content.ReadAsStringAsync(_ct);

        // Byte for byte, except the simulator's per-call counter (and the id/created it derives from the call).
        Assert.Equal(Normalize(directBody), Normalize(proxiedBody));
        using var json = JsonDocument.Parse(proxiedBody);
        Assert.Equal(GatewayFixture.OpenAIProvider, json.RootElement.GetProperty("x_simulator").GetProperty("provider").GetString());
        Assert.Equal("default", json.RootElement.GetProperty("service_tier").GetString());
        Assert.Equal(0, json.RootElement.GetProperty("usage").GetProperty("completion_tokens_details").GetProperty("accepted_prediction_tokens").GetInt32());
    }

    private static string Normalize(string body) =>
        System.Text.RegularExpressions.Regex.Replace(body,
            "\"(id|created|call)\":(\"[^\"]*\"|\\d+)", "\"$1\":_");
}
