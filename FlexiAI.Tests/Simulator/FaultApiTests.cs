using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using static FlexiAI.Tests.Simulator.SimulatorHttp;

namespace FlexiAI.Tests.Simulator;

public sealed class FaultApiTests(SimulatorFixture simulator) : IClassFixture<SimulatorFixture>, IAsyncLifetime
{
    public ValueTask InitializeAsync() => new(simulator.ResetAsync(TestContext.Current.CancellationToken));

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    [Fact]
    public async Task Put_returns_the_stored_fault_with_defaults_filled_in()
    {
        var ct = TestContext.Current.CancellationToken;
        var stored = await simulator.SetFaultAsync(SimulatorFixture.OpenAIProvider, new { mode = "slow", latency_ms = 250 }, ct);

        Assert.Equal("slow", stored.GetProperty("mode").GetString());
        Assert.Equal(500, stored.GetProperty("status").GetInt32());
        Assert.Equal(10, stored.GetProperty("retry_after_s").GetInt32());
        Assert.Equal(250, stored.GetProperty("latency_ms").GetInt32());
        Assert.Equal(1.0, stored.GetProperty("error_rate").GetDouble());
        Assert.Equal(2, stored.GetProperty("after_chunks").GetInt32());
    }

    [Fact]
    public async Task Get_lists_every_provider_with_healthy_ones_in_mode_ok()
    {
        var ct = TestContext.Current.CancellationToken;
        await simulator.SetFaultAsync(SimulatorFixture.AnthropicProvider, new { mode = "drop_mid_stream", after_chunks = 4 }, ct);

        var faults = await simulator.Client.GetFromJsonAsync<JsonElement>("faults", ct);

        Assert.Equal("ok", faults.GetProperty(SimulatorFixture.OpenAIProvider).GetProperty("mode").GetString());
        var anthropic = faults.GetProperty(SimulatorFixture.AnthropicProvider);
        Assert.Equal("drop_mid_stream", anthropic.GetProperty("mode").GetString());
        Assert.Equal(4, anthropic.GetProperty("after_chunks").GetInt32());
    }

    [Theory]
    [InlineData("""{"mode":"explode"}""", "mode")]
    [InlineData("""{"status":503}""", "mode")]
    [InlineData("""{"mode":"error","status":200}""", "status")]
    [InlineData("""{"mode":"error","status":600}""", "status")]
    [InlineData("""{"mode":"error","error_rate":1.5}""", "error_rate")]
    [InlineData("""{"mode":"error","error_rate":-0.1}""", "error_rate")]
    [InlineData("""{"mode":"slow","latency_ms":-1}""", "latency_ms")]
    [InlineData("""{"mode":"rate_limit","retry_after_s":-5}""", "retry_after_s")]
    [InlineData("""{"mode":"drop_mid_stream","after_chunks":-2}""", "after_chunks")]
    [InlineData("""{"mode":"error","status":"bad"}""", "status")]
    [InlineData("""{"mode":"error","retry_after":3}""", "retry_after")]
    public async Task Put_rejects_a_bad_field_with_400_naming_it(string body, string field)
    {
        var ct = TestContext.Current.CancellationToken;
        using var response = await simulator.Client.PutAsync("faults/sim-openai", Json(body), ct);
        var text = await response.Content.ReadAsStringAsync(ct);

        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, text);
        using var problem = JsonDocument.Parse(text);
        var errors = problem.RootElement.GetProperty("errors");
        Assert.True(errors.TryGetProperty(field, out var messages), text);
        Assert.Contains(field, messages[0].GetString(), StringComparison.Ordinal);

        var faults = await simulator.Client.GetFromJsonAsync<JsonElement>("faults", ct);
        Assert.Equal("ok", faults.GetProperty(SimulatorFixture.OpenAIProvider).GetProperty("mode").GetString());
    }

    [Fact]
    public async Task Put_and_delete_on_an_unknown_provider_answer_404()
    {
        var ct = TestContext.Current.CancellationToken;
        using var put = await simulator.Client.PutAsync("faults/nope", Json("""{"mode":"error"}"""), ct);
        using var delete = await simulator.Client.DeleteAsync("faults/nope", ct);

        Assert.Equal(HttpStatusCode.NotFound, put.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, delete.StatusCode);
    }
}
