using System.Net;
using System.Text;
using System.Text.Json;
using Anthropic;
using Anthropic.Models.Messages;
using FlexiAI.Tests.Gateway;
using FlexiAI.Tests.Infrastructure;
using FlexiAI.Tests.SharedState;
using FlexiAI.Tests.Simulator;

namespace FlexiAI.Tests.Caching;

/// <summary>
/// The response cache on <c>POST /v1/messages</c>, with two gateway instances sharing a real redis-server in front of the
/// simulator: whole answers and streams stored by one replica are served by the other without calling a provider, with
/// the same headers as on Chat Completions; a whole answer replays as a Messages event stream the official Anthropic
/// client reads; and an entry of one API is never served to a request of the other.
/// </summary>
public sealed class MessagesCacheTests(RealRedisFixture redis, SimulatorFixture simulator)
    : IClassFixture<RealRedisFixture>, IClassFixture<SimulatorFixture>
{
    private const string AnthropicModel = SimulatorFixture.AnthropicProvider + "/claude-sonnet-4-5";
    private readonly CancellationToken _ct = TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_whole_answer_stored_by_one_replica_is_served_by_another()
    {
        await using var cluster = await StartAsync();
        var body = Ask(AnthropicModel, Unique());

        var (miss, missBody) = await PostAsync(cluster.Instances[0], "v1/messages", body);
        var (hit, hitBody) = await PostAsync(cluster.Instances[1], "v1/messages", body);

        Assert.Equal(HttpStatusCode.OK, miss.StatusCode);
        Assert.Equal("miss", miss.Header("x-flexiai-cache"));
        Assert.Equal(HttpStatusCode.OK, hit.StatusCode);
        Assert.Equal("hit", hit.Header("x-flexiai-cache"));
        Assert.Equal(SimulatorFixture.AnthropicProvider, hit.Header("x-flexiai-provider"));
        Assert.Equal("0", hit.Header("x-flexiai-attempts"));
        Assert.Equal("application/json", hit.Content.Headers.ContentType?.MediaType);
        Assert.Equal(missBody, hitBody);
        Assert.Equal("message", JsonDocument.Parse(hitBody).RootElement.GetProperty("type").GetString());
        Assert.Equal(1, await CallsAsync(SimulatorFixture.AnthropicProvider));
    }

    [Fact]
    public async Task A_stream_is_stored_whole_and_replayed_as_stored()
    {
        await using var cluster = await StartAsync();
        var body = Ask(AnthropicModel, Unique(), stream: true);

        var (miss, missBody) = await PostAsync(cluster.Instances[0], "v1/messages", body);
        var (hit, hitBody) = await PostAsync(cluster.Instances[1], "v1/messages", body);

        Assert.Equal("miss", miss.Header("x-flexiai-cache"));
        Assert.Equal("hit", hit.Header("x-flexiai-cache"));
        Assert.Equal("text/event-stream", hit.Content.Headers.ContentType?.MediaType);
        Assert.Equal(missBody, hitBody);
        Assert.Equal("""{"type":"message_stop"}""", ServerSentEventsText.DataLines(hitBody)[^1]);
        Assert.Equal(1, await CallsAsync(SimulatorFixture.AnthropicProvider));
    }

    [Fact]
    public async Task A_broken_stream_is_never_stored()
    {
        await using var cluster = await StartAsync();
        var body = Ask(AnthropicModel, Unique(), stream: true);

        await simulator.SetFaultAsync(SimulatorFixture.AnthropicProvider, new { mode = "drop_mid_stream", after_chunks = 4 }, _ct);
        var (broken, brokenBody) = await PostAsync(cluster.Instances[0], "v1/messages", body);
        await simulator.ResetAsync(_ct);
        var (complete, _) = await PostAsync(cluster.Instances[0], "v1/messages", body);

        Assert.Equal("miss", broken.Header("x-flexiai-cache"));
        Assert.Contains("event: error", brokenBody, StringComparison.Ordinal);
        Assert.Equal("miss", complete.Header("x-flexiai-cache"));
        Assert.Equal(1, await CallsAsync(SimulatorFixture.AnthropicProvider)); // since the reset: the complete one
    }

    [Fact]
    public async Task Whole_and_streamed_hits_are_read_by_the_official_Anthropic_client()
    {
        await using var cluster = await StartAsync();
        var (writer, reader) = (Client(cluster.Instances[0]), Client(cluster.Instances[1]));

        // Translated from the OpenAI-protocol provider (first in `default`), stored whole, replayed as a stream.
        var text = Unique();
        var whole = await writer.Messages.Create(Params("default", text), _ct);
        var replayed = await StreamAsync(reader, Params("default", text));
        // Passed through from the Anthropic-protocol provider as a stream, replayed as stored.
        var streamedText = Unique();
        var original = await StreamAsync(writer, Params(AnthropicModel, streamedText));
        var fromStream = await StreamAsync(reader, Params(AnthropicModel, streamedText));

        Assert.True(whole.Content[0].TryPickText(out var wholeText));
        Assert.Equal(wholeText!.Text, replayed.Text);
        Assert.Equal("end_turn", replayed.StopReason);
        Assert.Equal(whole.Usage.OutputTokens, replayed.OutputTokens);
        Assert.Equal(["message_start", "content_block_start", "content_block_delta", "content_block_stop", "message_delta", "message_stop"],
            replayed.Kinds);
        Assert.StartsWith("Hello from sim-anthropic", fromStream.Text, StringComparison.Ordinal);
        Assert.Equal(original.Text, fromStream.Text);
        Assert.Equal(original.Kinds, fromStream.Kinds);
        Assert.Equal(1, await CallsAsync(SimulatorFixture.OpenAIProvider));
        Assert.Equal(1, await CallsAsync(SimulatorFixture.AnthropicProvider));
    }

    [Fact]
    public async Task An_answer_of_one_API_is_never_served_to_the_other()
    {
        await using var cluster = await StartAsync();
        var gateway = cluster.Instances[0];
        // A body both APIs accept.
        var body = Ask("default", Unique());

        var (messages, messagesBody) = await PostAsync(gateway, "v1/messages", body);
        var (chat, chatBody) = await PostAsync(gateway, "v1/chat/completions", body);
        var (chatAgain, chatAgainBody) = await PostAsync(gateway, "v1/chat/completions", body);
        var (messagesAgain, messagesAgainBody) = await PostAsync(gateway, "v1/messages", body);

        Assert.Equal(["miss", "miss", "hit", "hit"], new[] { messages, chat, chatAgain, messagesAgain }.Select(r => r.Header("x-flexiai-cache")));
        Assert.Equal("chat.completion", JsonDocument.Parse(chatBody).RootElement.GetProperty("object").GetString());
        Assert.Equal(chatBody, chatAgainBody);
        Assert.Equal("message", JsonDocument.Parse(messagesAgainBody).RootElement.GetProperty("type").GetString());
        Assert.Equal(messagesBody, messagesAgainBody);
        Assert.Equal(2, await CallsAsync(SimulatorFixture.OpenAIProvider));
    }

    [Fact]
    public async Task A_request_opts_out_and_a_bad_cache_header_is_an_Anthropic_error()
    {
        await using var cluster = await StartAsync();
        var gateway = cluster.Instances[0];
        var body = Ask(AnthropicModel, Unique());

        var (stored, _) = await PostAsync(gateway, "v1/messages", body);
        var (bypass, _) = await PostAsync(gateway, "v1/messages", body, ("x-flexiai-cache", "bypass"));
        var (hit, _) = await PostAsync(gateway, "v1/messages", body);
        var (invalid, _) = await PostAsync(gateway, "v1/messages", body, ("x-flexiai-cache", "sometimes"));

        Assert.Equal(["miss", "bypass", "hit"], new[] { stored, bypass, hit }.Select(r => r.Header("x-flexiai-cache")));
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        Assert.Equal("invalid_request_error", await MessagesErrorShapeTests.AnthropicErrorTypeAsync(invalid, _ct));
        Assert.Equal(2, await CallsAsync(SimulatorFixture.AnthropicProvider));
    }

    private async Task<GatewayCluster> StartAsync()
    {
        await simulator.ResetAsync(_ct);
        return await GatewayCluster.StartAsync(redis.Require().ConnectionString, simulator, 2, new() { ["FlexiAI:Cache:Enabled"] = "true" });
    }

    private static string Unique() => "Cache me: " + Guid.NewGuid().ToString("N");

    private static string Ask(string model, string content, bool stream = false) => JsonSerializer.Serialize(new
    {
        model,
        max_tokens = 64,
        stream,
        messages = new[] { new { role = "user", content } },
    });

    private static MessageCreateParams Params(string model, string text) => new()
    {
        Model = model,
        MaxTokens = 64,
        Messages = [new UserMessageParam(text)],
    };

    private static AnthropicClient Client(GatewayInstance gateway) =>
        new() { BaseUrl = gateway.Client.BaseAddress!.ToString().TrimEnd('/'), ApiKey = "not-checked", MaxRetries = 0 };

    private async Task<(HttpResponseMessage Response, string Body)> PostAsync(GatewayInstance gateway, string path, string json,
        params (string Name, string Value)[] headers)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        request.Headers.Add("anthropic-version", "2023-06-01");
        foreach (var (name, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }
        var response = await gateway.Client.SendAsync(request, _ct);
        return (response, await response.Content.ReadAsStringAsync(_ct));
    }

    private async Task<long> CallsAsync(string provider) =>
        (await simulator.GetStatsAsync(provider, _ct)).GetProperty("calls").GetInt64();

    private async Task<(string Text, string? StopReason, long OutputTokens, List<string> Kinds)> StreamAsync(AnthropicClient client,
        MessageCreateParams parameters)
    {
        var text = new StringBuilder();
        string? stopReason = null;
        long outputTokens = 0;
        var kinds = new List<string>();
        await foreach (var streamEvent in client.Messages.CreateStreaming(parameters, _ct))
        {
            streamEvent.Switch(
                start => kinds.Add("message_start"),
                delta =>
                {
                    kinds.Add("message_delta");
                    stopReason = delta.Delta.StopReason?.Raw();
                    outputTokens = delta.Usage.OutputTokens;
                },
                stop => kinds.Add("message_stop"),
                blockStart => kinds.Add("content_block_start"),
                blockDelta =>
                {
                    if (kinds[^1] != "content_block_delta")
                    {
                        kinds.Add("content_block_delta");
                    }
                    if (blockDelta.Delta.TryPickText(out var piece))
                    {
                        text.Append(piece!.Text);
                    }
                },
                blockStop => kinds.Add("content_block_stop"));
        }
        return (text.ToString(), stopReason, outputTokens, kinds);
    }
}
