using System.Net;
using System.Text;
using System.Text.Json;
using static FlexiAI.Tests.Simulator.SimulatorHttp;

namespace FlexiAI.Tests.Simulator;

public sealed class OpenAIProtocolTests(SimulatorFixture simulator) : IClassFixture<SimulatorFixture>, IAsyncLifetime
{
    private const string Path = "sim-openai/v1/chat/completions";

    // 14 + 30 characters of message text: ceil(44 / 4) + 3 * 2 messages = 17 prompt tokens.
    private const string TwoMessages = """
        [{"role":"system","content":"You are terse."},{"role":"user","content":"What is the capital of France?"}]
        """;

    public ValueTask InitializeAsync() => new(simulator.ResetAsync(TestContext.Current.CancellationToken));

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    [Fact]
    public async Task Non_streaming_completion_has_the_OpenAI_shape_and_usage()
    {
        var ct = TestContext.Current.CancellationToken;
        var before = DateTimeOffset.UtcNow.ToUnixTimeSeconds();

        using var response = await PostAsync(simulator.Client, Path, $$"""{"model":"gpt-test","messages":{{TwoMessages}},"temperature":0.2}""", ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync(ct));
        var root = document.RootElement;

        Assert.StartsWith("chatcmpl-", root.GetProperty("id").GetString(), StringComparison.Ordinal);
        Assert.Equal("chat.completion", root.GetProperty("object").GetString());
        Assert.InRange(root.GetProperty("created").GetInt64(), before, DateTimeOffset.UtcNow.ToUnixTimeSeconds());
        Assert.Equal("gpt-test", root.GetProperty("model").GetString());
        Assert.Equal("fp_flexiai_sim", root.GetProperty("system_fingerprint").GetString());
        Assert.Equal("default", root.GetProperty("service_tier").GetString());

        var choice = Assert.Single(root.GetProperty("choices").EnumerateArray());
        Assert.Equal(0, choice.GetProperty("index").GetInt32());
        Assert.Equal(JsonValueKind.Null, choice.GetProperty("logprobs").ValueKind);
        Assert.Equal("stop", choice.GetProperty("finish_reason").GetString());
        var message = choice.GetProperty("message");
        Assert.Equal("assistant", message.GetProperty("role").GetString());
        Assert.Equal(JsonValueKind.Null, message.GetProperty("refusal").ValueKind);
        Assert.Equal(0, message.GetProperty("annotations").GetArrayLength());
        var content = message.GetProperty("content").GetString()!;
        Assert.StartsWith("Hello from sim-openai. You said: What is the capital of France?", content, StringComparison.Ordinal);
        var words = content.Split(' ').Length;
        Assert.Equal(40, words);

        var usage = root.GetProperty("usage");
        Assert.Equal(17, usage.GetProperty("prompt_tokens").GetInt32());
        Assert.Equal(words, usage.GetProperty("completion_tokens").GetInt32());
        Assert.Equal(17 + words, usage.GetProperty("total_tokens").GetInt32());
        Assert.Equal(0, usage.GetProperty("prompt_tokens_details").GetProperty("cached_tokens").GetInt32());
        Assert.Equal(0, usage.GetProperty("completion_tokens_details").GetProperty("reasoning_tokens").GetInt32());

        var simulatorInfo = root.GetProperty("x_simulator");
        Assert.Equal("sim-openai", simulatorInfo.GetProperty("provider").GetString());
        Assert.Equal(1, simulatorInfo.GetProperty("call").GetInt64());
    }

    [Fact]
    public async Task Content_is_deterministic_per_provider_and_last_user_message()
    {
        var ct = TestContext.Current.CancellationToken;
        const string Ask = """{"messages":[{"role":"user","content":"ping"}]}""";

        var first = await PostForJsonAsync(simulator.Client, Path, Ask, 200, ct);
        var second = await PostForJsonAsync(simulator.Client, Path, Ask, 200, ct);
        var other = await PostForJsonAsync(simulator.Client, Path, """{"messages":[{"role":"user","content":"pong"}]}""", 200, ct);

        Assert.Equal(Content(first), Content(second));
        Assert.NotEqual(Content(first), Content(other));
        Assert.NotEqual(first.GetProperty("id").GetString(), second.GetProperty("id").GetString());
        Assert.Equal(2, second.GetProperty("x_simulator").GetProperty("call").GetInt64());
    }

    [Fact]
    public async Task Model_defaults_to_the_provider_model_and_content_parts_are_read_with_images_described()
    {
        var ct = TestContext.Current.CancellationToken;
        var root = await PostForJsonAsync(
            simulator.Client,
            Path,
            """{"messages":[{"role":"user","content":[{"type":"text","text":"part one"},{"type":"image_url","image_url":{"url":"x"}}]}]}""",
            200,
            ct);

        Assert.Equal("sim-gpt", root.GetProperty("model").GetString());
        Assert.StartsWith("Hello from sim-openai. You said: part one [image at x].", Content(root), StringComparison.Ordinal);
        // "part one\n[image at x]" is 21 characters: ceil(21 / 4) + 3.
        Assert.Equal(9, root.GetProperty("usage").GetProperty("prompt_tokens").GetInt32());
    }

    [Theory]
    [InlineData("\"max_tokens\":5", 5)]
    [InlineData("\"max_completion_tokens\":3,\"max_tokens\":9", 3)]
    public async Task Max_tokens_truncates_the_answer_with_finish_reason_length(string limit, int expectedWords)
    {
        var ct = TestContext.Current.CancellationToken;
        var root = await PostForJsonAsync(
            simulator.Client, Path, $$"""{"model":"m",{{limit}},"messages":[{"role":"user","content":"hi"}]}""", 200, ct);

        var choice = root.GetProperty("choices")[0];
        Assert.Equal("length", choice.GetProperty("finish_reason").GetString());
        Assert.Equal(expectedWords, Content(root).Split(' ').Length);
        Assert.Equal(expectedWords, root.GetProperty("usage").GetProperty("completion_tokens").GetInt32());
    }

    [Fact]
    public async Task Streaming_sends_role_chunk_then_one_chunk_per_word_finish_usage_and_done()
    {
        var ct = TestContext.Current.CancellationToken;
        var expected = Content(await PostForJsonAsync(simulator.Client, Path, $$"""{"model":"gpt-test","messages":{{TwoMessages}}}""", 200, ct));

        using var response = await PostAsync(
            simulator.Client,
            Path,
            $$"""{"model":"gpt-test","stream":true,"stream_options":{"include_usage":true},"messages":{{TwoMessages}}}""",
            ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        var events = await ServerSentEvents.ReadAllAsync(await response.Content.ReadAsStreamAsync(ct), ct);

        // role chunk + 40 words + finish chunk + usage chunk + [DONE]
        Assert.Equal(44, events.Count);
        Assert.All(events, e => Assert.Null(e.Event));
        Assert.Equal("[DONE]", events[^1].Data);
        var chunks = events[..^1].Select(e => e.Json).ToList();
        var id = chunks[0].GetProperty("id").GetString();
        Assert.StartsWith("chatcmpl-", id, StringComparison.Ordinal);
        Assert.All(chunks, c =>
        {
            Assert.Equal(id, c.GetProperty("id").GetString());
            Assert.Equal("chat.completion.chunk", c.GetProperty("object").GetString());
            Assert.Equal("gpt-test", c.GetProperty("model").GetString());
            Assert.Equal("fp_flexiai_sim", c.GetProperty("system_fingerprint").GetString());
        });

        var first = chunks[0].GetProperty("choices")[0];
        Assert.Equal("assistant", first.GetProperty("delta").GetProperty("role").GetString());
        Assert.Equal("", first.GetProperty("delta").GetProperty("content").GetString());
        Assert.Equal(JsonValueKind.Null, first.GetProperty("finish_reason").ValueKind);

        var text = new StringBuilder();
        foreach (var chunk in chunks[1..41])
        {
            var choice = chunk.GetProperty("choices")[0];
            Assert.Equal(JsonValueKind.Null, choice.GetProperty("finish_reason").ValueKind);
            text.Append(choice.GetProperty("delta").GetProperty("content").GetString());
        }

        Assert.Equal(expected, text.ToString());

        var finish = chunks[41].GetProperty("choices")[0];
        Assert.Empty(finish.GetProperty("delta").EnumerateObject());
        Assert.Equal("stop", finish.GetProperty("finish_reason").GetString());

        Assert.Equal(0, chunks[42].GetProperty("choices").GetArrayLength());
        var usage = chunks[42].GetProperty("usage");
        Assert.Equal(17, usage.GetProperty("prompt_tokens").GetInt32());
        Assert.Equal(40, usage.GetProperty("completion_tokens").GetInt32());
        Assert.Equal(57, usage.GetProperty("total_tokens").GetInt32());
    }

    [Fact]
    public async Task Streaming_without_include_usage_has_no_usage_chunk()
    {
        var ct = TestContext.Current.CancellationToken;
        using var response = await PostAsync(
            simulator.Client, Path, """{"model":"m","stream":true,"max_tokens":4,"messages":[{"role":"user","content":"hi"}]}""", ct);
        var events = await ServerSentEvents.ReadAllAsync(await response.Content.ReadAsStreamAsync(ct), ct);

        // role chunk + 4 words + finish chunk + [DONE]
        Assert.Equal(7, events.Count);
        Assert.Equal("[DONE]", events[^1].Data);
        Assert.All(events[..^1], e => Assert.False(e.Json.TryGetProperty("usage", out _)));
        Assert.Equal("length", events[^2].Json.GetProperty("choices")[0].GetProperty("finish_reason").GetString());
    }

    [Theory]
    [InlineData("{not json")]
    [InlineData("""{"model":"m"}""")]
    [InlineData("""{"model":"m","messages":[]}""")]
    [InlineData("""{"model":"m","messages":"hi"}""")]
    [InlineData("""{"model":"m","max_tokens":0,"messages":[{"role":"user","content":"hi"}]}""")]
    public async Task Bad_requests_get_400_in_the_OpenAI_error_shape(string body)
    {
        var ct = TestContext.Current.CancellationToken;
        var root = await PostForJsonAsync(simulator.Client, Path, body, 400, ct);

        var error = root.GetProperty("error");
        Assert.False(string.IsNullOrEmpty(error.GetProperty("message").GetString()));
        Assert.Equal("invalid_request_error", error.GetProperty("type").GetString());
        Assert.Equal(JsonValueKind.Null, error.GetProperty("param").ValueKind);
        Assert.Equal(JsonValueKind.Null, error.GetProperty("code").ValueKind);
        var stats = await simulator.GetStatsAsync(SimulatorFixture.OpenAIProvider, ct);
        Assert.Equal(1, stats.GetProperty("bad_request").GetInt64());
    }

    [Theory]
    [InlineData("nope/v1/chat/completions")]
    [InlineData("sim-anthropic/v1/chat/completions")]
    public async Task Unknown_provider_or_wrong_protocol_gets_404_in_the_OpenAI_error_shape(string path)
    {
        var ct = TestContext.Current.CancellationToken;
        var root = await PostForJsonAsync(simulator.Client, path, """{"messages":[{"role":"user","content":"hi"}]}""", 404, ct);

        Assert.Contains("No simulated provider", root.GetProperty("error").GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Models_lists_the_provider_model()
    {
        var ct = TestContext.Current.CancellationToken;
        using var document = JsonDocument.Parse(await simulator.Client.GetStringAsync("sim-openai/v1/models", ct));

        Assert.Equal("list", document.RootElement.GetProperty("object").GetString());
        var model = Assert.Single(document.RootElement.GetProperty("data").EnumerateArray());
        Assert.Equal("sim-gpt", model.GetProperty("id").GetString());
        Assert.Equal("model", model.GetProperty("object").GetString());
    }

    private static string Content(JsonElement completion) =>
        completion.GetProperty("choices")[0].GetProperty("message").GetProperty("content").GetString()!;
}
