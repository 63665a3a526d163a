using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using static FlexiAI.Tests.Simulator.SimulatorHttp;

namespace FlexiAI.Tests.Simulator;

public sealed class StatsApiTests(SimulatorFixture simulator) : IClassFixture<SimulatorFixture>, IAsyncLifetime
{
    private const string OpenAIPath = "sim-openai/v1/chat/completions";
    private const string Ask = """{"model":"m","messages":[{"role":"user","content":"hi"}]}""";

    public ValueTask InitializeAsync() => new(simulator.ResetAsync(TestContext.Current.CancellationToken));

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    [Fact]
    public async Task Stats_count_calls_by_outcome_per_provider()
    {
        var ct = TestContext.Current.CancellationToken;
        await PostForJsonAsync(simulator.Client, OpenAIPath, Ask, 200, ct);
        using (var stream = await PostAsync(simulator.Client, OpenAIPath, """{"stream":true,"messages":[{"role":"user","content":"hi"}]}""", ct))
        {
            await ServerSentEvents.ReadAllAsync(await stream.Content.ReadAsStreamAsync(ct), ct);
        }

        await PostForJsonAsync(simulator.Client, OpenAIPath, "{}", 400, ct);
        await simulator.SetFaultAsync(SimulatorFixture.OpenAIProvider, new { mode = "rate_limit" }, ct);
        await PostForJsonAsync(simulator.Client, OpenAIPath, Ask, 429, ct);
        await simulator.SetFaultAsync(SimulatorFixture.OpenAIProvider, new { mode = "malformed" }, ct);
        using (var malformed = await simulator.Client.PostAsync(OpenAIPath, Json(Ask), ct))
        {
            Assert.Equal(HttpStatusCode.OK, malformed.StatusCode);
        }

        var all = await simulator.Client.GetFromJsonAsync<JsonElement>("stats", ct);
        var openAI = all.GetProperty(SimulatorFixture.OpenAIProvider);
        Assert.Equal(5, openAI.GetProperty("calls").GetInt64());
        Assert.Equal(2, openAI.GetProperty("ok").GetInt64());
        Assert.Equal(1, openAI.GetProperty("streaming").GetInt64());
        Assert.Equal(1, openAI.GetProperty("bad_request").GetInt64());
        Assert.Equal(1, openAI.GetProperty("rate_limit").GetInt64());
        Assert.Equal(1, openAI.GetProperty("malformed").GetInt64());
        foreach (var counter in new[] { "error", "timeout", "slow", "drop_mid_stream" })
        {
            Assert.Equal(0, openAI.GetProperty(counter).GetInt64());
        }

        Assert.Equal(0, all.GetProperty(SimulatorFixture.AnthropicProvider).GetProperty("calls").GetInt64());
    }

    [Fact]
    public async Task A_call_counts_as_soon_as_it_arrives()
    {
        var ct = TestContext.Current.CancellationToken;
        await simulator.SetFaultAsync(SimulatorFixture.OpenAIProvider, new { mode = "timeout" }, ct);
        using var hanging = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var call = PostAsync(simulator.Client, OpenAIPath, Ask, hanging.Token);

        var stats = await simulator.WaitForStatsAsync(
            SimulatorFixture.OpenAIProvider, s => s.GetProperty("timeout").GetInt64() == 1, cancellationToken: ct);

        Assert.False(call.IsCompleted);
        Assert.Equal(1, stats.GetProperty("calls").GetInt64());
        await hanging.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);
    }

    [Fact]
    public async Task Delete_resets_every_counter_and_the_call_numbers()
    {
        var ct = TestContext.Current.CancellationToken;
        await PostForJsonAsync(simulator.Client, OpenAIPath, Ask, 200, ct);
        await PostForJsonAsync(simulator.Client, OpenAIPath, Ask, 200, ct);

        using (var reset = await simulator.Client.DeleteAsync("stats", ct))
        {
            Assert.Equal(HttpStatusCode.NoContent, reset.StatusCode);
        }

        var stats = await simulator.GetStatsAsync(SimulatorFixture.OpenAIProvider, ct);
        Assert.All(stats.EnumerateObject(), counter => Assert.Equal(0, counter.Value.GetInt64()));
        var next = await PostForJsonAsync(simulator.Client, OpenAIPath, Ask, 200, ct);
        Assert.Equal(1, next.GetProperty("x_simulator").GetProperty("call").GetInt64());
    }
}
