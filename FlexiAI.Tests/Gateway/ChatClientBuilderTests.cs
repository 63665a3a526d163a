using System.Collections.Concurrent;
using System.Diagnostics;
using FlexiAI.Chat;
using FlexiAI.Telemetry;
using FlexiAI.Tests.Simulator;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace FlexiAI.Tests.Gateway;

/// <summary>
/// <c>services.AddFlexiAIChatClient(...)</c>: the router as the innermost client of a <see cref="ChatClientBuilder"/>
/// pipeline, with Microsoft.Extensions.AI's function invocation and OpenTelemetry around it, against the simulator over
/// real HTTP while the first provider fails.
/// </summary>
public sealed class ChatClientBuilderTests(SimulatorFixture simulator) : IClassFixture<SimulatorFixture>
{
    private readonly CancellationToken _ct = TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Function_invocation_and_OpenTelemetry_compose_around_the_router_which_fails_over(bool streaming)
    {
        await simulator.ResetAsync(_ct);
        await simulator.SetFaultAsync(SimulatorFixture.OpenAIProvider, new { mode = "error", status = 500 }, _ct);
        var sourceName = "FlexiAI.Tests.Pipeline." + Guid.NewGuid().ToString("N");
        var spans = new ConcurrentQueue<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == sourceName || source.Name == FlexiAITelemetry.Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = spans.Enqueue,
        };
        ActivitySource.AddActivityListener(listener);
        var calls = new ConcurrentQueue<string>();
        var weather = AIFunctionFactory.Create((string location) =>
        {
            calls.Enqueue(location);
            return $"Sunny in {location}";
        }, "get_weather", "Current weather");

        var services = new ServiceCollection().AddLogging();
        services.AddFlexiAIChatClient(new ConfigurationBuilder().AddInMemoryCollection(SimulatorProviderSettings.Both(simulator)).Build())
            .UseFunctionInvocation()
            .UseOpenTelemetry(sourceName: sourceName);
        await using var provider = services.BuildServiceProvider();
        var client = provider.GetRequiredService<IChatClient>();
        var options = new ChatOptions { Tools = [weather] };
        List<ChatMessage> messages = [new(ChatRole.User, "Please call get_weather")];

        var text = streaming
            ? string.Concat(await client.GetStreamingResponseAsync(messages, options, _ct).Select(u => u.Text).ToListAsync(_ct))
            : (await client.GetResponseAsync(messages, options, _ct)).Text;

        // Function invocation ran the tool the provider asked for and sent its result back through the router.
        Assert.Equal(["sample"], calls);
        Assert.Contains("tool result: Sunny in sample", text, StringComparison.Ordinal);
        Assert.IsType<FlexiAIChatClient>(client.GetService<FlexiAIChatClient>());

        // Both model calls failed over: sim-openai failed each time, sim-anthropic answered each time.
        Assert.Equal(2, (await simulator.GetStatsAsync(SimulatorFixture.OpenAIProvider, _ct)).GetProperty("calls").GetInt64());
        Assert.Equal(2, (await simulator.GetStatsAsync(SimulatorFixture.AnthropicProvider, _ct)).GetProperty("calls").GetInt64());

        // OpenTelemetry wrapped each router call in a chat span named for FlexiAI; the router's attempt spans are its children.
        var chatSpans = spans.Where(s => s.Source.Name == sourceName && s.DisplayName.StartsWith("chat", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, chatSpans.Count);
        Assert.All(chatSpans, span => Assert.Equal(FlexiAIChatClient.ProviderName, span.GetTagItem("gen_ai.provider.name")));
        Assert.Contains(spans, s => s.Source.Name == sourceName && s.DisplayName == "execute_tool get_weather");
        foreach (var chat in chatSpans)
        {
            var attempts = spans.Where(s => s.Source.Name == FlexiAITelemetry.Name && s.ParentSpanId == chat.SpanId)
                .Select(s => (string?)s.GetTagItem("flexiai.provider")).ToList();
            Assert.Equal([SimulatorFixture.OpenAIProvider, SimulatorFixture.AnthropicProvider], attempts);
        }
    }
}
