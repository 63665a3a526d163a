using System.Text;
using System.Text.Json.Nodes;
using FlexiAI.Api.Caching;
using FlexiAI.Tests.Infrastructure;

namespace FlexiAI.Tests.Caching;

/// <summary>
/// A cached whole Messages answer replayed as a stream (<see cref="MessageEvents"/>): Anthropic's event sequence, which a
/// client that accumulates the events (as the official SDKs do) turns back into exactly the message that was stored, for
/// the documented <c>tool_use</c> answer and for a message with a thinking block.
/// </summary>
public sealed class MessageEventsTests
{
    private const string ThinkingMessage = """
        {"id":"msg_thinking","type":"message","role":"assistant","model":"claude-sonnet-4-5",
         "content":[{"type":"thinking","thinking":"Paris is in France.","signature":"EqQBCgIYAhIM"},{"type":"text","text":"It is mild."}],
         "stop_reason":"end_turn","stop_sequence":null,"usage":{"input_tokens":12,"output_tokens":30}}
        """;

    public static TheoryData<string> Messages() =>
        [File.ReadAllText(Path.Combine(RepositoryPaths.Root, "FlexiAI.Tests", "Fixtures", "Anthropic", "tool_use_response.json")), ThinkingMessage];

    [Theory]
    [MemberData(nameof(Messages))]
    public void A_whole_message_replays_as_events_that_add_up_to_it(string message)
    {
        var events = Events(MessageEvents.FromMessage(Encoding.UTF8.GetBytes(message))!);

        var original = JsonNode.Parse(message)!;
        var blocks = original["content"]!.AsArray().Count;
        Assert.Equal("message_start", events[0].Name);
        Assert.Equal(["message_delta", "message_stop"], events[^2..].Select(e => e.Name));
        Assert.Equal(blocks, events.Count(e => e.Name == "content_block_start"));
        Assert.Equal(blocks, events.Count(e => e.Name == "content_block_stop"));
        Assert.Empty(events[0].Data["message"]!["content"]!.AsArray());
        Assert.Null(events[0].Data["message"]!["stop_reason"]);
        var assembled = Assemble(events);
        Assert.True(JsonNode.DeepEquals(original, assembled), $"expected {original.ToJsonString()}\nactual   {assembled.ToJsonString()}");
    }

    [Fact]
    public void What_is_not_a_message_is_not_replayed()
    {
        Assert.Null(MessageEvents.FromMessage("""{"choices":[]}"""u8.ToArray()));
        Assert.Null(MessageEvents.FromMessage("not json"u8.ToArray()));
    }

    private static List<(string Name, JsonNode Data)> Events(byte[] stream) =>
        [.. Encoding.UTF8.GetString(stream).Split("\n\n", StringSplitOptions.RemoveEmptyEntries).Select(sseEvent =>
        {
            var lines = sseEvent.Split('\n');
            var name = lines[0]["event: ".Length..];
            var data = JsonNode.Parse(lines[1]["data: ".Length..])!;
            Assert.Equal(name, data["type"]!.GetValue<string>());
            return (name, data);
        })];

    /// <summary>Accumulates the events as a streaming client does: the message of <c>message_start</c>, each block's start and deltas, the final delta.</summary>
    private static JsonObject Assemble(List<(string Name, JsonNode Data)> events)
    {
        var message = events[0].Data["message"]!.DeepClone().AsObject();
        var content = message["content"]!.AsArray();
        var partialJson = new StringBuilder();
        foreach (var (name, data) in events.Skip(1))
        {
            switch (name)
            {
                case "content_block_start":
                    content.Add(data["content_block"]!.DeepClone());
                    partialJson.Clear();
                    break;
                case "content_block_delta":
                    var block = content[data["index"]!.GetValue<int>()]!.AsObject();
                    var delta = data["delta"]!;
                    switch (delta["type"]!.GetValue<string>())
                    {
                        case "text_delta":
                            block["text"] = block["text"]!.GetValue<string>() + delta["text"]!.GetValue<string>();
                            break;
                        case "thinking_delta":
                            block["thinking"] = block["thinking"]!.GetValue<string>() + delta["thinking"]!.GetValue<string>();
                            break;
                        case "signature_delta":
                            block["signature"] = block["signature"]!.GetValue<string>() + delta["signature"]!.GetValue<string>();
                            break;
                        case "input_json_delta":
                            partialJson.Append(delta["partial_json"]!.GetValue<string>());
                            block["input"] = JsonNode.Parse(partialJson.ToString());
                            break;
                    }
                    break;
                case "message_delta":
                    message["stop_reason"] = data["delta"]!["stop_reason"]?.DeepClone();
                    message["stop_sequence"] = data["delta"]!["stop_sequence"]?.DeepClone();
                    message["usage"] = data["usage"]!.DeepClone();
                    break;
            }
        }
        return message;
    }
}
