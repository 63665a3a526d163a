using System.ClientModel;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using FlexiAI.Tests.Gateway;
using OpenAI;
using OpenAI.Chat;

namespace FlexiAI.Tests.Routing;

/// <summary>
/// Stream continuation: a stream that breaks after it started (the simulator's <c>drop_mid_stream</c> after N chunks) is
/// continued by the next provider into the same response, through the official OpenAI .NET client; the text is checked
/// against the simulator's deterministic answer of the broken provider: no gap, no repeat at the seam.
/// </summary>
public sealed class StreamContinuationTests(RoutingGroupsFixture gateway) : IClassFixture<RoutingGroupsFixture>
{
    private const string A = RoutingGroupsFixture.A;
    private readonly CancellationToken _ct = TestContext.Current.CancellationToken;

    private ChatClient Client(string route) =>
        new(route, new ApiKeyCredential("no-client-keys-configured"), new OpenAIClientOptions { Endpoint = new Uri(gateway.BaseAddress, "v1") });

    [Theory]
    // From 4 events on (role, "Hello ", "from ", "sim-a. ") the partial text names the answer it is the start of; a shorter
    // start is the start of every provider's answer, and the simulator goes on with its own.
    [InlineData("continued", RoutingGroupsFixture.B, 4)]
    [InlineData("continued", RoutingGroupsFixture.B, 9)]
    [InlineData("continued", RoutingGroupsFixture.B, 30)]
    [InlineData("continued-translated", RoutingGroupsFixture.Anthropic, 4)]
    [InlineData("continued-translated", RoutingGroupsFixture.Anthropic, 9)]
    [InlineData("continued-translated", RoutingGroupsFixture.Anthropic, 30)]
    public async Task A_broken_stream_is_continued_into_one_whole_answer(string route, string continuer, int afterChunks)
    {
        await gateway.ResetAsync(_ct);
        var prompt = $"Continue me after {afterChunks} chunks on {route}";
        var expected = await gateway.DeterministicAnswerAsync(A, prompt, _ct);
        await gateway.Simulator.SetFaultAsync(A, new { mode = "drop_mid_stream", after_chunks = afterChunks }, _ct);

        var text = new StringBuilder();
        ChatTokenUsage? usage = null;
        ChatFinishReason? finish = null;
        await foreach (var update in Client(route).CompleteChatStreamingAsync([new UserChatMessage(prompt)],
            cancellationToken: _ct))
        {
            foreach (var part in update.ContentUpdate)
            {
                text.Append(part.Text);
            }
            usage = update.Usage ?? usage;
            finish = update.FinishReason ?? finish;
        }

        Assert.Equal(expected, text.ToString());
        Assert.Equal(ChatFinishReason.Stop, finish);
        Assert.Equal(1, (await gateway.ProviderAsync(A, _ct)).GetProperty("failure_count").GetInt32());
        Assert.Equal(1, (await gateway.Simulator.GetStatsAsync(continuer, _ct)).GetProperty("calls").GetInt64());
        // The broken part's output (its content chunks) plus the continuation's: the whole answer's words.
        Assert.NotNull(usage);
        Assert.Equal(expected.Split(' ').Length, usage.OutputTokenCount);
    }

    [Fact]
    public async Task The_last_chunk_says_that_and_from_which_provider_the_answer_was_continued()
    {
        await gateway.ResetAsync(_ct);
        await gateway.Simulator.SetFaultAsync(A, new { mode = "drop_mid_stream", after_chunks = 4 }, _ct);

        var events = await StreamAsync(new
        {
            model = "continued",
            stream = true,
            messages = new[] { new { role = "user", content = "Where did it continue?" } },
        });

        Assert.Equal("[DONE]", events[^1]);
        Assert.DoesNotContain(events, e => e.Contains("\"error\"", StringComparison.Ordinal));
        using var trailer = JsonDocument.Parse(events[^2]);
        var continuation = trailer.RootElement.GetProperty("flexiai_continuation");
        Assert.True(continuation.GetProperty("continued").GetBoolean());
        Assert.Equal([A], continuation.GetProperty("from").EnumerateArray().Select(p => p.GetString()));
        Assert.Equal(RoutingGroupsFixture.B, continuation.GetProperty("provider").GetString());
        // Three content chunks reached the caller before the break (the fourth event was the role chunk's successor).
        Assert.True(continuation.GetProperty("offset").GetInt32() > 0);
        Assert.Equal(0, trailer.RootElement.GetProperty("choices").GetArrayLength());
        // One role chunk only: the continuation's own was not repeated.
        Assert.Single(events, e => e.Contains("\"role\":\"assistant\"", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_request_that_cannot_be_stitched_ends_with_the_error_event_as_before()
    {
        await gateway.ResetAsync(_ct);
        await gateway.Simulator.SetFaultAsync(A, new { mode = "drop_mid_stream", after_chunks = 3 }, _ct);

        var events = await StreamAsync(new
        {
            model = "continued",
            stream = true,
            n = 2,
            messages = new[] { new { role = "user", content = "Two choices cannot be stitched." } },
        });

        Assert.DoesNotContain("[DONE]", events);
        using var error = JsonDocument.Parse(events[^1]);
        Assert.Equal("stream_interrupted", error.RootElement.GetProperty("error").GetProperty("code").GetString());
        Assert.Equal(0, (await gateway.Simulator.GetStatsAsync(RoutingGroupsFixture.B, _ct)).GetProperty("calls").GetInt64());
    }

    [Fact]
    public async Task A_tool_call_in_progress_is_not_continued()
    {
        await gateway.ResetAsync(_ct);
        // Role, the tool call's start, its first piece of arguments: then the break.
        await gateway.Simulator.SetFaultAsync(A, new { mode = "drop_mid_stream", after_chunks = 3 }, _ct);

        var events = await StreamAsync(new
        {
            model = "continued",
            stream = true,
            tool_choice = "required",
            tools = new[]
            {
                new { type = "function", function = new { name = "get_weather", parameters = new { type = "object", properties = new { city = new { type = "string" } } } } },
            },
            messages = new[] { new { role = "user", content = "Weather in Paris?" } },
        });

        Assert.Contains(events, e => e.Contains("\"tool_calls\"", StringComparison.Ordinal));
        Assert.DoesNotContain("[DONE]", events);
        using var error = JsonDocument.Parse(events[^1]);
        Assert.Equal("stream_interrupted", error.RootElement.GetProperty("error").GetProperty("code").GetString());
        Assert.Equal(0, (await gateway.Simulator.GetStatsAsync(RoutingGroupsFixture.B, _ct)).GetProperty("calls").GetInt64());
    }

    [Fact]
    public async Task When_no_provider_can_continue_the_stream_ends_with_the_error_event()
    {
        await gateway.ResetAsync(_ct);
        await gateway.Simulator.SetFaultAsync(A, new { mode = "drop_mid_stream", after_chunks = 3 }, _ct);
        await gateway.Simulator.SetFaultAsync(RoutingGroupsFixture.B, new { mode = "error", status = 500 }, _ct);

        var events = await StreamAsync(new
        {
            model = "continued",
            stream = true,
            messages = new[] { new { role = "user", content = "Nobody left to continue." } },
        });

        Assert.DoesNotContain("[DONE]", events);
        using var error = JsonDocument.Parse(events[^1]);
        Assert.Equal("stream_interrupted", error.RootElement.GetProperty("error").GetProperty("code").GetString());
        Assert.Equal(1, (await gateway.ProviderAsync(RoutingGroupsFixture.B, _ct)).GetProperty("failure_count").GetInt32());
    }

    private async Task<List<string>> StreamAsync(object request)
    {
        using var response = await gateway.Client.PostAsJsonAsync("v1/chat/completions", request, _ct);
        Assert.Equal(200, (int)response.StatusCode);
        return ServerSentEventsText.DataLines(await response.Content.ReadAsStringAsync(_ct));
    }
}
