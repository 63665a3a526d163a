using System.Net;
using System.Text;
using FlexiAI.Tests.Infrastructure;
using FlexiAI.Tests.Sse;

namespace FlexiAI.Tests.Lifecycle;

/// <summary>SIGTERM on a real gateway process with a slow stream in flight.</summary>
public sealed class DrainTests
{
    private static readonly TimeSpan ReadinessDelay = TimeSpan.FromSeconds(2);
    private const int Chunks = 12;

    private readonly CancellationToken _ct = TestContext.Current.CancellationToken;

    [Fact]
    public async Task On_SIGTERM_readiness_drops_at_once_new_connections_are_served_and_the_stream_in_flight_finishes()
    {
        await using var provider = new RawSseProvider
        {
            Events = [.. Enumerable.Range(0, Chunks).Select(i => $"data: {{\"id\":\"c\",\"choices\":[{{\"index\":0,\"delta\":{{\"content\":\"{i}\"}}}}]}}\n\n"), "data: [DONE]\n\n"],
            EventDelay = TimeSpan.FromMilliseconds(300),
        };
        await provider.StartAsync(_ct);
        using var gateway = GatewayProcess.Start(
        [
            .. GatewayArguments.Provider(0, "slow", "OpenAI", "slow-model", 1, provider.Endpoint, TimeSpan.FromSeconds(10)),
            "--FlexiAI:Shutdown:ReadinessDelay=" + ReadinessDelay,
            "--FlexiAI:Shutdown:DrainTimeout=00:00:30",
            "--Logging:LogLevel:Default=Warning",
        ]);
        await Eventually.TrueAsync(async () => await ReadyStatusAsync(gateway) == HttpStatusCode.OK, "the gateway is ready: " + gateway.Output,
            TimeSpan.FromSeconds(60));

        using var client = new HttpClient { BaseAddress = gateway.BaseAddress };
        using var request = new HttpRequestMessage(HttpMethod.Post, "v1/chat/completions")
        {
            Content = new StringContent("""{"model":"default","stream":true,"messages":[{"role":"user","content":"hi"}]}""", Encoding.UTF8, "application/json"),
        };
        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, _ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var body = new StreamReader(await response.Content.ReadAsStreamAsync(_ct));
        Assert.StartsWith("data: ", await body.ReadLineAsync(_ct), StringComparison.Ordinal);

        await gateway.TerminateAsync(_ct);
        var terminated = DateTime.UtcNow;

        // Readiness turns 503 at once, on new connections: the listener is still open.
        await Eventually.TrueAsync(async () => await ReadyStatusAsync(gateway) == HttpStatusCode.ServiceUnavailable,
            "readiness answers 503 after SIGTERM", ReadinessDelay);
        Assert.True(DateTime.UtcNow - terminated < ReadinessDelay, "readiness dropped within the readiness delay");
        Assert.False(gateway.HasExited);

        // The stream in flight ends whole.
        var rest = await body.ReadToEndAsync(_ct);
        Assert.EndsWith("data: [DONE]\n\n", rest, StringComparison.Ordinal);
        Assert.Contains($"\"content\":\"{Chunks - 1}\"", rest, StringComparison.Ordinal);
        Assert.DoesNotContain("stream_interrupted", rest, StringComparison.Ordinal);

        Assert.True(await gateway.WaitForExitAsync(TimeSpan.FromSeconds(30)), "the gateway exits after the drain: " + gateway.Output);
        Assert.Equal(0, gateway.ExitCode);
    }

    /// <summary><c>GET /health/ready</c> on a new connection; null when nothing answers.</summary>
    private static async Task<HttpStatusCode?> ReadyStatusAsync(GatewayProcess gateway)
    {
        using var client = new HttpClient { BaseAddress = gateway.BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
        try
        {
            using var response = await client.GetAsync("health/ready", TestContext.Current.CancellationToken);
            return response.StatusCode;
        }
        catch (HttpRequestException)
        {
            return null;
        }
    }
}
