using System.Text.Json;
using FlexiAI.Web.Gateway;

namespace FlexiAI.Tests.Web;

/// <summary>The chat page's Anthropic protocol: the Messages request it sends and how it reads the Messages event stream.</summary>
public sealed class MessagesStreamReadingTests
{
    private const string Stream = """
        event: message_start
        data: {"type":"message_start","message":{"id":"msg_1","type":"message","role":"assistant","model":"m","content":[],"stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":0,"output_tokens":0}}}

        event: content_block_start
        data: {"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}

        event: content_block_delta
        data: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Hello"}}

        event: content_block_delta
        data: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":" there"}}

        event: content_block_stop
        data: {"type":"content_block_stop","index":0}

        event: message_delta
        data: {"type":"message_delta","delta":{"stop_reason":"end_turn","stop_sequence":null},"usage":{"input_tokens":9,"output_tokens":2}}

        event: message_stop
        data: {"type":"message_stop"}

        """;

    private static async Task<List<ChatStreamEvent>> ReadAsync(string text)
    {
        var events = new List<ChatStreamEvent>();
        await foreach (var item in ServerSentEvents.ReadMessagesEventsAsync(new StringReader(text), TestContext.Current.CancellationToken))
        {
            events.Add(item);
        }
        return events;
    }

    [Fact]
    public async Task A_whole_stream_gives_the_text_the_stop_reason_and_the_usage()
    {
        var events = await ReadAsync(Stream);

        Assert.Equal(
        [
            new ChatStreamEvent.Delta("Hello"), new ChatStreamEvent.Delta(" there"),
            new ChatStreamEvent.Finished("end_turn"), new ChatStreamEvent.Usage(9, 2),
        ], events);
    }

    [Fact]
    public async Task A_stream_cut_before_message_stop_ends_failed()
    {
        var events = await ReadAsync(Stream[..Stream.IndexOf("event: message_delta", StringComparison.Ordinal)]);

        Assert.IsType<ChatStreamEvent.Failed>(events[^1]);
        Assert.Equal(2, events.Count(e => e is ChatStreamEvent.Delta));
    }

    [Fact]
    public async Task An_error_event_is_shown_with_the_gateway_message()
    {
        var events = await ReadAsync("""
            event: error
            data: {"type":"error","error":{"type":"api_error","message":"The stream from provider p broke."}}

            """);

        var failed = Assert.IsType<ChatStreamEvent.Failed>(Assert.Single(events));
        Assert.Equal("The stream from provider p broke.", failed.Error.Message);
        Assert.Equal("api_error", failed.Error.Type);
    }

    [Fact]
    public void The_request_puts_the_system_message_apart_and_always_has_max_tokens()
    {
        var chat = new ChatCompletionRequest("default",
            [new ChatMessage("system", "Be brief."), new ChatMessage("user", "Hi")], Temperature: 1.5, MaxTokens: null);

        using var body = JsonDocument.Parse(MessagesRequestBody.Json(chat));

        var root = body.RootElement;
        Assert.Equal("Be brief.", root.GetProperty("system").GetString());
        Assert.Equal(MessagesRequestBody.DefaultMaxTokens, root.GetProperty("max_tokens").GetInt32());
        Assert.Equal(1, root.GetProperty("temperature").GetDouble());
        Assert.True(root.GetProperty("stream").GetBoolean());
        var message = Assert.Single(root.GetProperty("messages").EnumerateArray());
        Assert.Equal("user", message.GetProperty("role").GetString());
    }
}
