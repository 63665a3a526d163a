using static FlexiAI.Tests.Simulator.SimulatorHttp;

namespace FlexiAI.Tests.Simulator;

/// <summary>Injected delays run on the simulator's <see cref="TimeProvider"/>, driven here by a fake clock.</summary>
public sealed class FaultLatencyTests(FakeClockSimulatorFixture simulator) : IClassFixture<FakeClockSimulatorFixture>, IAsyncLifetime
{
    private const string OpenAIPath = "sim-openai/v1/chat/completions";
    private const string Ask = """{"model":"m","messages":[{"role":"user","content":"hi"}]}""";

    public ValueTask InitializeAsync() => new(simulator.ResetAsync(TestContext.Current.CancellationToken));

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    [Theory]
    [InlineData("slow", 0, 5000, "slow")]
    [InlineData("slow", 3000, 3000, "slow")]
    [InlineData("ok", 2000, 2000, "ok")]
    public async Task Delayed_calls_answer_normally_once_the_latency_has_passed(string mode, int latencyMs, int expectedMs, string counter)
    {
        var ct = TestContext.Current.CancellationToken;
        await simulator.SetFaultAsync(SimulatorFixture.OpenAIProvider, new { mode, latency_ms = latencyMs }, ct);

        var call = PostForJsonAsync(simulator.Client, OpenAIPath, Ask, 200, ct);
        await simulator.WaitForStatsAsync(SimulatorFixture.OpenAIProvider, s => s.GetProperty(counter).GetInt64() == 1, cancellationToken: ct);

        // Time stands still until the test moves it: advance in steps until the answer arrives. It cannot
        // arrive before the latency has passed on the simulator's clock.
        var step = TimeSpan.FromMilliseconds(500);
        var advanced = TimeSpan.Zero;
        while (!call.IsCompleted)
        {
            Assert.True(advanced < TimeSpan.FromMinutes(1), "The delayed call never completed.");
            simulator.Clock.Advance(step);
            advanced += step;
            await Task.WhenAny(call, Task.Delay(TimeSpan.FromMilliseconds(20), ct));
        }

        var answer = await call;
        Assert.InRange(advanced, TimeSpan.FromMilliseconds(expectedMs), TimeSpan.FromMilliseconds(expectedMs) + TimeSpan.FromSeconds(10));
        Assert.Equal("stop", answer.GetProperty("choices")[0].GetProperty("finish_reason").GetString());
    }

    [Fact]
    public async Task Timeout_drops_the_connection_after_HangTimeoutSeconds()
    {
        var ct = TestContext.Current.CancellationToken;
        await simulator.SetFaultAsync(SimulatorFixture.OpenAIProvider, new { mode = "timeout" }, ct);

        var call = Record.ExceptionAsync(() => PostAsync(simulator.Client, OpenAIPath, Ask, ct)).AsTask();
        await simulator.WaitForStatsAsync(SimulatorFixture.OpenAIProvider, s => s.GetProperty("timeout").GetInt64() == 1, cancellationToken: ct);

        var step = TimeSpan.FromSeconds(30);
        var advanced = TimeSpan.Zero;
        while (!call.IsCompleted)
        {
            Assert.True(advanced < TimeSpan.FromHours(1), "The hanging call never ended.");
            simulator.Clock.Advance(step);
            advanced += step;
            await Task.WhenAny(call, Task.Delay(TimeSpan.FromMilliseconds(20), ct));
        }

        var failure = await call;
        Assert.IsType<HttpRequestException>(failure, exactMatch: false);
        Assert.True(advanced >= TimeSpan.FromSeconds(300), $"Gave up after {advanced}, before the default 300 s.");
    }
}
