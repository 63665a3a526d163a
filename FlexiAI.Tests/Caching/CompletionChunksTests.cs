using System.ClientModel.Primitives;
using System.Text;
using FlexiAI.Api.Caching;
using FlexiAI.Tests.Gateway;
using OpenAI.Chat;

namespace FlexiAI.Tests.Caching;

/// <summary>A cached whole answer replayed as a stream: every chunk reads with the official OpenAI client's own types.</summary>
public sealed class CompletionChunksTests
{
    private const string Completion = """
        {"id":"chatcmpl-1","object":"chat.completion","created":1700000000,"model":"gpt-4o-mini","system_fingerprint":"fp_1",
         "choices":[{"index":0,"message":{"role":"assistant","content":null,"refusal":null,
           "tool_calls":[{"id":"call_1","type":"function","function":{"name":"get_weather","arguments":"{\"city\":\"Oslo\"}"}}]},
           "logprobs":null,"finish_reason":"tool_calls"}],
         "usage":{"prompt_tokens":12,"completion_tokens":7,"total_tokens":19}}
        """;

    [Fact]
    public void Tool_calls_finish_reason_and_usage_survive_the_replay()
    {
        var stream = CompletionChunks.FromCompletion(Encoding.UTF8.GetBytes(Completion), includeUsage: true)!;
        var events = ServerSentEventsText.DataLines(Encoding.UTF8.GetString(stream));

        var updates = events[..^1].Select(e => ModelReaderWriter.Read<StreamingChatCompletionUpdate>(BinaryData.FromString(e),
            ModelReaderWriterOptions.Json)!).ToList();

        Assert.Equal("[DONE]", events[^1]);
        Assert.All(updates, u => Assert.Equal("chatcmpl-1", u.CompletionId));
        var call = Assert.Single(updates.SelectMany(u => u.ToolCallUpdates));
        Assert.Equal(0, call.Index);
        Assert.Equal("call_1", call.ToolCallId);
        Assert.Equal("get_weather", call.FunctionName);
        Assert.Equal("""{"city":"Oslo"}""", call.FunctionArgumentsUpdate.ToString());
        Assert.Contains(updates, u => u.FinishReason == ChatFinishReason.ToolCalls);
        Assert.Equal(19, updates.Single(u => u.Usage is not null).Usage.TotalTokenCount);
        Assert.Equal("fp_1", updates[0].SystemFingerprint);
    }

    [Fact]
    public void Without_include_usage_there_is_no_usage_chunk()
    {
        var stream = Encoding.UTF8.GetString(CompletionChunks.FromCompletion(Encoding.UTF8.GetBytes(Completion), includeUsage: false)!);

        Assert.DoesNotContain("\"usage\"", stream, StringComparison.Ordinal);
        Assert.EndsWith("data: [DONE]\n\n", stream, StringComparison.Ordinal);
    }

    [Fact]
    public void A_body_that_is_not_a_chat_completion_is_not_replayed() =>
        Assert.Null(CompletionChunks.FromCompletion(Encoding.UTF8.GetBytes("""{"object":"list","data":[]}"""), includeUsage: true));
}
