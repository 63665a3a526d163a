using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using FlexiAI.Api.Translation;
using FlexiAI.Protocols.Anthropic;
using FlexiAI.Protocols.OpenAI;
using FlexiAI.Routing;
using FlexiAI.Tests.Infrastructure;
using Microsoft.Extensions.AI;

namespace FlexiAI.Tests.Gateway;

/// <summary>
/// The translation against oracles besides our simulator: fixtures written from Anthropic's published API reference
/// (<c>FlexiAI.Tests/Fixtures/Anthropic</c>), in both directions: an OpenAI request with tools, a tool call, its result
/// and an image becomes the documented Messages request; documented answers and event streams (tool use, streamed tool
/// use, refusal, cached tokens, the 529 overloaded error) become OpenAI answers and chunks.
/// </summary>
public sealed class AnthropicReferenceFixtureTests
{
    private const string Model = "claude-sonnet-4-5";

    private static string Fixture(string name) =>
        File.ReadAllText(Path.Combine(RepositoryPaths.Root, "FlexiAI.Tests", "Fixtures", "Anthropic", name));

    [Fact]
    public void An_OpenAI_tool_loop_with_an_image_becomes_the_documented_Messages_request()
    {
        const string OpenAIRequest = """
            {"model":"default","parallel_tool_calls":false,
             "messages":[
               {"role":"system","content":"You are a weather assistant."},
               {"role":"user","content":[{"type":"text","text":"What's the weather where this photo was taken?"},
                 {"type":"image_url","image_url":{"url":"data:image/png;base64,iVBORw0KGgo="}}]},
               {"role":"assistant","content":null,"tool_calls":[{"id":"toolu_01A09q90qw90lq917835lq9","type":"function",
                 "function":{"name":"get_weather","arguments":"{\"location\":\"Paris, France\"}"}}]},
               {"role":"tool","tool_call_id":"toolu_01A09q90qw90lq917835lq9","content":"15 degrees, light rain"}],
             "tools":[{"type":"function","function":{"name":"get_weather","description":"Get the current weather in a given location",
               "parameters":{"type":"object","properties":{"location":{"type":"string","description":"The city and country"}},"required":["location"]}}}],
             "tool_choice":"auto"}
            """;
        var translated = TranslatedRequest.TryParse(Encoding.UTF8.GetBytes(OpenAIRequest), out var error);
        Assert.Null(error);

        var written = AnthropicRequestWriter.Write(translated!.Messages, translated.Options, Model, stream: false);

        var expected = JsonNode.Parse(Fixture("tools_request.json"));
        var actual = JsonNode.Parse(written);
        Assert.True(JsonNode.DeepEquals(expected, actual), $"expected {expected!.ToJsonString()}\nactual   {actual!.ToJsonString()}");
    }

    [Fact]
    public void Consecutive_tool_results_share_one_user_turn()
    {
        const string OpenAIRequest = """
            {"model":"default","messages":[
               {"role":"user","content":"Weather in Paris and Rome?"},
               {"role":"assistant","tool_calls":[
                 {"id":"toolu_1","type":"function","function":{"name":"get_weather","arguments":"{\"location\":\"Paris\"}"}},
                 {"id":"toolu_2","type":"function","function":{"name":"get_weather","arguments":"{\"location\":\"Rome\"}"}}]},
               {"role":"tool","tool_call_id":"toolu_1","content":"15"},
               {"role":"tool","tool_call_id":"toolu_2","content":"22"},
               {"role":"user","content":"Which is warmer?"}]}
            """;
        var translated = TranslatedRequest.TryParse(Encoding.UTF8.GetBytes(OpenAIRequest), out var error)!;
        Assert.Null(error);

        using var json = JsonDocument.Parse(AnthropicRequestWriter.Write(translated.Messages, translated.Options, Model, stream: false));

        var turns = json.RootElement.GetProperty("messages").EnumerateArray().ToList();
        Assert.Equal(["user", "assistant", "user", "user"], turns.Select(t => t.GetProperty("role").GetString()));
        Assert.Equal(["tool_use", "tool_use"], turns[1].GetProperty("content").EnumerateArray().Select(b => b.GetProperty("type").GetString()));
        var results = turns[2].GetProperty("content").EnumerateArray().ToList();
        Assert.Equal(["toolu_1", "toolu_2"], results.Select(b => b.GetProperty("tool_use_id").GetString()));
        Assert.Equal(["15", "22"], results.Select(b => b.GetProperty("content").GetString()));
    }

    [Fact]
    public void A_documented_tool_use_answer_becomes_an_OpenAI_answer_with_tool_calls_and_cached_tokens()
    {
        using var json = TranslatedAnswer("tool_use_response.json");
        var choice = json.RootElement.GetProperty("choices")[0];
        Assert.Equal("tool_calls", choice.GetProperty("finish_reason").GetString());
        var message = choice.GetProperty("message");
        Assert.Equal("I'll check the weather in Paris for you.", message.GetProperty("content").GetString());
        var call = Assert.Single(message.GetProperty("tool_calls").EnumerateArray());
        Assert.Equal("toolu_01A09q90qw90lq917835lq9", call.GetProperty("id").GetString());
        Assert.Equal("function", call.GetProperty("type").GetString());
        Assert.Equal("get_weather", call.GetProperty("function").GetProperty("name").GetString());
        using var arguments = JsonDocument.Parse(call.GetProperty("function").GetProperty("arguments").GetString()!);
        Assert.Equal("Paris, France", arguments.RootElement.GetProperty("location").GetString());
        Assert.Equal("celsius", arguments.RootElement.GetProperty("unit").GetString());
        var usage = json.RootElement.GetProperty("usage");
        Assert.Equal(600, usage.GetProperty("prompt_tokens").GetInt32());
        Assert.Equal(91, usage.GetProperty("completion_tokens").GetInt32());
        Assert.Equal(128, usage.GetProperty("prompt_tokens_details").GetProperty("cached_tokens").GetInt32());
    }

    [Fact]
    public async Task A_documented_streamed_tool_use_becomes_OpenAI_tool_call_deltas()
    {
        var reader = new AnthropicStreamReader(Model);
        var updates = new List<ChatResponseUpdate>();
        foreach (var sseEvent in Fixture("tool_use_stream.txt").Split("\n\n", StringSplitOptions.RemoveEmptyEntries))
        {
            if (reader.Read(Encoding.UTF8.GetBytes(sseEvent + "\n\n")) is { } update)
            {
                updates.Add(update);
            }
        }
        Assert.True(reader.Completed);
        // For IChatClient callers: the whole call once its block has stopped.
        var whole = Assert.Single(updates.SelectMany(u => u.Contents).OfType<FunctionCallContent>());
        Assert.Equal("toolu_01T1x1fJ34qAmk2tNTrN7Up6", whole.CallId);
        Assert.Equal("San Francisco, CA", ((JsonElement)whole.Arguments!["location"]!).GetString());

        var chunks = await TranslateAsync(updates);

        var deltas = chunks.Select(c => c.RootElement.GetProperty("choices")).Where(c => c.GetArrayLength() > 0)
            .Select(c => c[0].GetProperty("delta")).ToList();
        Assert.Equal("Let me look that up.", string.Concat(deltas.Where(d => d.TryGetProperty("content", out _)).Select(d => d.GetProperty("content").GetString())));
        var toolDeltas = deltas.Where(d => d.TryGetProperty("tool_calls", out _)).Select(d => d.GetProperty("tool_calls")[0]).ToList();
        Assert.Equal(4, toolDeltas.Count);
        Assert.All(toolDeltas, d => Assert.Equal(0, d.GetProperty("index").GetInt32()));
        Assert.Equal("toolu_01T1x1fJ34qAmk2tNTrN7Up6", toolDeltas[0].GetProperty("id").GetString());
        Assert.Equal("function", toolDeltas[0].GetProperty("type").GetString());
        Assert.Equal("get_weather", toolDeltas[0].GetProperty("function").GetProperty("name").GetString());
        Assert.All(toolDeltas.Skip(1), d => Assert.False(d.TryGetProperty("id", out _)));
        using var arguments = JsonDocument.Parse(string.Concat(toolDeltas.Select(d => d.GetProperty("function").GetProperty("arguments").GetString())));
        Assert.Equal("fahrenheit", arguments.RootElement.GetProperty("unit").GetString());
        var finish = chunks.Select(c => c.RootElement.GetProperty("choices")).Where(c => c.GetArrayLength() > 0)
            .Select(c => c[0].GetProperty("finish_reason")).Last(f => f.ValueKind == JsonValueKind.String);
        Assert.Equal("tool_calls", finish.GetString());
        var usage = chunks.Last().RootElement.GetProperty("usage");
        Assert.Equal(472, usage.GetProperty("prompt_tokens").GetInt32());
        Assert.Equal(89, usage.GetProperty("completion_tokens").GetInt32());
    }

    [Fact]
    public void A_documented_refusal_becomes_content_filter_with_the_refusal_text()
    {
        using var json = TranslatedAnswer("refusal_response.json");
        var choice = json.RootElement.GetProperty("choices")[0];
        Assert.Equal("content_filter", choice.GetProperty("finish_reason").GetString());
        Assert.Equal("I can't help with that request.", choice.GetProperty("message").GetProperty("refusal").GetString());
        Assert.Equal(JsonValueKind.Null, choice.GetProperty("message").GetProperty("content").ValueKind);
    }

    [Fact]
    public void The_documented_overloaded_error_in_a_stream_fails_over_as_a_529()
    {
        var body = JsonNode.Parse(Fixture("overloaded_error.json"))!.ToJsonString();
        var reader = new AnthropicStreamReader(Model);

        var error = Assert.Throws<ProviderException>(() => reader.Read(Encoding.UTF8.GetBytes($"event: error\ndata: {body}\n\n")));

        Assert.Equal(529, (int)error.StatusCode!);
        Assert.True(error.Failure.FailsOver);
        Assert.True(error.Failure.CountsAgainstBreaker);
    }

    /// <summary>A documented whole answer as the gateway's OpenAI answer.</summary>
    private static JsonDocument TranslatedAnswer(string fixture)
    {
        var response = AnthropicResponseReader.Read(Encoding.UTF8.GetBytes(Fixture(fixture)), Model);
        using var payload = OpenAIResponseWriter.Completion(response, Model, TimeProvider.System);
        return JsonDocument.Parse(payload.Body.ToArray());
    }

    /// <summary>Runs updates through the gateway's stream translation, with the usage chunk; returns each chunk's JSON.</summary>
    private static async Task<List<JsonDocument>> TranslateAsync(List<ChatResponseUpdate> updates)
    {
        var source = ToAsync(updates).GetAsyncEnumerator();
        var hasFirst = await source.MoveNextAsync();
        await using var stream = new TranslatedEventStream(source, hasFirst, Model, includeUsage: true, TimeProvider.System);
        var chunks = new List<JsonDocument>();
        while (await stream.MoveNextAsync(CancellationToken.None))
        {
            var text = Encoding.UTF8.GetString(stream.Current.Span).Trim();
            Assert.StartsWith("data: ", text, StringComparison.Ordinal);
            if (text != "data: [DONE]")
            {
                chunks.Add(JsonDocument.Parse(text["data: ".Length..]));
            }
        }
        return chunks;
    }

    private static async IAsyncEnumerable<ChatResponseUpdate> ToAsync(List<ChatResponseUpdate> updates)
    {
        foreach (var update in updates)
        {
            await Task.Yield();
            yield return update;
        }
    }
}
