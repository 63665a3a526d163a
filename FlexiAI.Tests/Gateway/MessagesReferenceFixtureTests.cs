using System.Text;
using System.Text.Json.Nodes;
using FlexiAI.Api.Messages;
using FlexiAI.Protocols.Anthropic;
using FlexiAI.Tests.Infrastructure;
using Microsoft.Extensions.AI;

namespace FlexiAI.Tests.Gateway;

/// <summary>
/// The Messages-in translation (<c>/v1/messages</c> to an OpenAI-protocol provider) against the fixtures written from
/// Anthropic's published API reference (<c>FlexiAI.Tests/Fixtures/Anthropic</c>): the documented request becomes the
/// Microsoft.Extensions.AI messages and options the OpenAI client sends (and, written back, the same request), and the
/// documented answer and event stream, once read into updates, come out as the same answer and the same event sequence.
/// </summary>
public sealed class MessagesReferenceFixtureTests
{
    private const string Model = "claude-sonnet-4-5";

    private static string Fixture(string name) =>
        File.ReadAllText(Path.Combine(RepositoryPaths.Root, "FlexiAI.Tests", "Fixtures", "Anthropic", name));

    [Fact]
    public void The_documented_tool_loop_request_becomes_messages_tools_and_tool_choice()
    {
        var translated = MessagesTranslatedRequest.TryParse(Encoding.UTF8.GetBytes(Fixture("tools_request.json")), out var error);
        Assert.Null(error);

        var messages = translated!.Messages;
        Assert.Equal([ChatRole.System, ChatRole.User, ChatRole.Assistant, ChatRole.Tool], messages.Select(m => m.Role));
        Assert.Equal("You are a weather assistant.", messages[0].Text);
        var image = Assert.IsType<DataContent>(messages[1].Contents[1]);
        Assert.Equal("image/png", image.MediaType);
        var call = Assert.IsType<FunctionCallContent>(Assert.Single(messages[2].Contents));
        Assert.Equal("toolu_01A09q90qw90lq917835lq9", call.CallId);
        Assert.Equal("get_weather", call.Name);
        var result = Assert.IsType<FunctionResultContent>(Assert.Single(messages[3].Contents));
        Assert.Equal("toolu_01A09q90qw90lq917835lq9", result.CallId);
        Assert.Equal("15 degrees, light rain", result.Result);
        var tool = Assert.IsAssignableFrom<AIFunctionDeclaration>(Assert.Single(translated.Options.Tools!));
        Assert.Equal("get_weather", tool.Name);
        Assert.Equal("string", tool.JsonSchema.GetProperty("properties").GetProperty("location").GetProperty("type").GetString());
        Assert.Equal(ChatToolMode.Auto, translated.Options.ToolMode);
        Assert.False(translated.Options.AllowMultipleToolCalls);
        Assert.Equal(1024, translated.Options.MaxOutputTokens);
    }

    [Fact]
    public void The_documented_request_read_and_written_back_is_the_same_request()
    {
        var translated = MessagesTranslatedRequest.TryParse(Encoding.UTF8.GetBytes(Fixture("tools_request.json")), out _)!;

        var written = AnthropicRequestWriter.Write(translated.Messages, translated.Options, Model, stream: false);

        var expected = JsonNode.Parse(Fixture("tools_request.json"));
        var actual = JsonNode.Parse(written);
        Assert.True(JsonNode.DeepEquals(expected, actual), $"expected {expected!.ToJsonString()}\nactual   {actual!.ToJsonString()}");
    }

    [Fact]
    public void The_documented_tool_use_answer_comes_out_as_the_same_message()
    {
        var response = AnthropicResponseReader.Read(Encoding.UTF8.GetBytes(Fixture("tool_use_response.json")), Model);

        using var payload = MessagesResponseWriter.Message(response, Model);

        var expected = JsonNode.Parse(Fixture("tool_use_response.json"));
        var actual = JsonNode.Parse(payload.Body.Span);
        Assert.True(JsonNode.DeepEquals(expected, actual), $"expected {expected!.ToJsonString()}\nactual   {actual!.ToJsonString()}");
    }

    [Fact]
    public async Task The_documented_tool_use_stream_comes_out_as_the_same_event_sequence()
    {
        var documented = Events(Fixture("tool_use_stream.txt")).Where(e => e.Name != "ping").ToList();
        var reader = new AnthropicStreamReader(Model);
        var updates = new List<ChatResponseUpdate>();
        foreach (var (_, data) in documented)
        {
            if (reader.Read(Encoding.UTF8.GetBytes("data: " + data.ToJsonString() + "\n\n")) is { } update)
            {
                updates.Add(update);
            }
        }

        var translated = new List<(string Name, JsonNode Data)>();
        var source = updates.ToAsyncEnumerable().GetAsyncEnumerator(TestContext.Current.CancellationToken);
        await using (var stream = new MessagesTranslatedEventStream(source, await source.MoveNextAsync(), Model))
        {
            while (await stream.MoveNextAsync(TestContext.Current.CancellationToken))
            {
                translated.AddRange(Events(Encoding.UTF8.GetString(stream.Current.Span)));
            }
            Assert.True(stream.Finished);
        }

        // Deltas may be cut differently; the blocks, their order and their whole content must match.
        Assert.Equal(Collapse(documented), Collapse(translated));
        Assert.Equal(Text(documented), Text(translated));
        Assert.True(JsonNode.DeepEquals(ToolInput(documented), ToolInput(translated)), ToolInput(translated).ToJsonString());
        var start = (JsonObject)translated.Single(e => e.Name == "content_block_start" && e.Data["content_block"]!["type"]!.GetValue<string>() == "tool_use").Data;
        var documentedStart = (JsonObject)documented.Single(e => e.Name == "content_block_start" && e.Data["content_block"]!["type"]!.GetValue<string>() == "tool_use").Data;
        Assert.True(JsonNode.DeepEquals(documentedStart, start), $"expected {documentedStart.ToJsonString()}\nactual   {start.ToJsonString()}");
        var delta = translated.Single(e => e.Name == "message_delta").Data;
        Assert.Equal("tool_use", delta["delta"]!["stop_reason"]!.GetValue<string>());
        Assert.True(delta["usage"]!["output_tokens"]!.GetValue<long>() > 0);
    }

    private static IEnumerable<(string Name, JsonNode Data)> Events(string text)
    {
        foreach (var sseEvent in text.Split("\n\n", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var lines = sseEvent.Split('\n');
            var name = lines.Single(l => l.StartsWith("event: ", StringComparison.Ordinal))["event: ".Length..];
            var data = JsonNode.Parse(lines.Single(l => l.StartsWith("data: ", StringComparison.Ordinal))["data: ".Length..])!;
            Assert.Equal(name, data["type"]!.GetValue<string>());
            yield return (name, data);
        }
    }

    /// <summary>The event names (with their block index) with runs of deltas of one block as one.</summary>
    private static List<string> Collapse(List<(string Name, JsonNode Data)> events)
    {
        var names = new List<string>();
        foreach (var (name, data) in events)
        {
            var entry = $"{name} {data["index"]}";
            if (names.Count == 0 || names[^1] != entry || name != "content_block_delta")
            {
                names.Add(entry);
            }
        }
        return names;
    }

    private static string Text(List<(string Name, JsonNode Data)> events) =>
        string.Concat(events.Where(e => e.Name == "content_block_delta" && e.Data["delta"]!["type"]!.GetValue<string>() == "text_delta")
            .Select(e => e.Data["delta"]!["text"]!.GetValue<string>()));

    private static JsonNode ToolInput(List<(string Name, JsonNode Data)> events) => JsonNode.Parse(
        string.Concat(events.Where(e => e.Name == "content_block_delta" && e.Data["delta"]!["type"]!.GetValue<string>() == "input_json_delta")
            .Select(e => e.Data["delta"]!["partial_json"]!.GetValue<string>())))!;
}
