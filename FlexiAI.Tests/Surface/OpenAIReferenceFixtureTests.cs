using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using FlexiAI.Protocols.OpenAI;
using FlexiAI.Tests.Gateway;
using FlexiAI.Tests.Infrastructure;
using FlexiAI.Tests.Simulator;

namespace FlexiAI.Tests.Surface;

/// <summary>
/// The simulator's Responses and embeddings answers against fixtures written from OpenAI's API reference
/// (<c>FlexiAI.Tests/Fixtures/OpenAI</c>): the same event sequence and the same fields; and the gateway's reading of
/// the documented stream (where it ends, its usage).
/// </summary>
public sealed class OpenAIReferenceFixtureTests(SurfaceFixture gateway) : IClassFixture<SurfaceFixture>
{
    private static readonly string[] TwoInputs = ["a", "b"];

    private readonly CancellationToken _ct = TestContext.Current.CancellationToken;

    private static string Fixture(string name) =>
        File.ReadAllText(Path.Combine(RepositoryPaths.Root, "FlexiAI.Tests", "Fixtures", "OpenAI", name));

    private static List<string> EventBlocks(string stream) =>
        [.. stream.Replace("\r\n", "\n", StringComparison.Ordinal).Split("\n\n", StringSplitOptions.RemoveEmptyEntries).Select(e => e + "\n\n")];

    [Fact]
    public void The_gateway_reads_the_documented_stream_as_ending_with_response_completed_and_its_usage()
    {
        var events = EventBlocks(Fixture("responses_stream.txt"));

        var terminal = events.Select(e => ResponsesStreamEvents.IsTerminal(Encoding.UTF8.GetBytes(e), out _)).ToList();
        ResponsesStreamEvents.IsTerminal(Encoding.UTF8.GetBytes(events[^1]), out var usage);

        Assert.Equal([.. Enumerable.Repeat(false, events.Count - 1), true], terminal);
        Assert.Equal(new TokenUsage(12, 9), usage);
    }

    [Fact]
    public void The_gateway_reads_the_usage_of_a_documented_response_and_embeddings_list()
    {
        Assert.True(ResponseInspector.TryInspect(Encoding.UTF8.GetBytes(Fixture("responses_response.json")), out var response));
        Assert.True(ResponseInspector.TryInspect(Encoding.UTF8.GetBytes(Fixture("embeddings_response.json")), out var embeddings));

        Assert.Equal(new TokenUsage(12, 9), response);
        Assert.Equal(new TokenUsage(8, 0), embeddings);
    }

    [Fact]
    public async Task The_simulators_stream_has_the_documented_events_and_fields()
    {
        var documented = EventBlocks(Fixture("responses_stream.txt")).Select(Parse).ToList();
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(gateway.Simulator.ProviderAddress(GatewayFixture.OpenAIProvider), "v1/responses"))
        {
            Content = JsonContent.Create(new { model = "gpt-4o-mini", input = "Tell me", stream = true }),
        };
        using var response = await gateway.Simulator.Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, _ct);
        var simulated = new List<ServerSentEvent>();
        await foreach (var sse in ServerSentEvents.ReadAsync(await response.Content.ReadAsStreamAsync(_ct), _ct))
        {
            simulated.Add(sse);
        }

        // Deltas: the fixture has two, the simulator one per word.
        Assert.Equal(documented.Select(e => e.Event).Distinct(), simulated.Select(e => e.Event).Distinct());
        Assert.Equal(Enumerable.Range(0, simulated.Count), simulated.Select(e => e.Json.GetProperty("sequence_number").GetInt32()));
        foreach (var kind in documented.GroupBy(e => e.Event))
        {
            var mine = simulated.First(e => e.Event == kind.Key);
            Assert.True(mine.Event == mine.Json.GetProperty("type").GetString(), $"{kind.Key}: event name and type differ");
            Assert.Equal(Shape(kind.First().Json), Shape(mine.Json));
        }
    }

    [Fact]
    public async Task The_simulators_whole_response_and_embeddings_have_the_documented_fields()
    {
        using var responses = await gateway.Simulator.Client.PostAsJsonAsync(
            new Uri(gateway.Simulator.ProviderAddress(GatewayFixture.OpenAIProvider), "v1/responses"), new { model = "gpt-4o-mini", input = "Tell me" }, _ct);
        using var embeddings = await gateway.Simulator.Client.PostAsJsonAsync(
            new Uri(gateway.Simulator.ProviderAddress(GatewayFixture.OpenAIProvider), "v1/embeddings"),
            new { model = "text-embedding-3-small", input = TwoInputs, dimensions = 3 }, _ct);

        Assert.Equal(Shape(JsonDocument.Parse(Fixture("responses_response.json")).RootElement), Shape(await responses.Content.ReadFromJsonAsync<JsonElement>(_ct)));
        Assert.Equal(Shape(JsonDocument.Parse(Fixture("embeddings_response.json")).RootElement), Shape(await embeddings.Content.ReadFromJsonAsync<JsonElement>(_ct)));
    }

    private static ServerSentEvent Parse(string block)
    {
        var lines = block.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        return new ServerSentEvent(lines[0]["event: ".Length..], lines[1]["data: ".Length..]);
    }

    /// <summary>Every property path and the kind of its value (arrays by their first element), values left out.</summary>
    private static List<string> Shape(JsonElement element)
    {
        var paths = new List<string>();
        Walk(element, "$", paths);
        return [.. paths.Order(StringComparer.Ordinal)];
    }

    private static void Walk(JsonElement element, string path, List<string> paths)
    {
        var kind = element.ValueKind is JsonValueKind.True or JsonValueKind.False ? "bool" : element.ValueKind.ToString();
        paths.Add(path + ":" + kind);
        if (element.ValueKind == JsonValueKind.Object)
        {
            foreach (var property in element.EnumerateObject())
            {
                Walk(property.Value, path + "." + property.Name, paths);
            }
        }
        else if (element.ValueKind == JsonValueKind.Array && element.GetArrayLength() > 0)
        {
            Walk(element[0], path + "[0]", paths);
        }
    }
}
