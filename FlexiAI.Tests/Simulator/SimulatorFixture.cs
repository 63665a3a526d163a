using System.Net.Http.Json;
using System.Text.Json;
using FlexiAI.Simulator;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace FlexiAI.Tests.Simulator;

/// <summary>
/// The provider simulator (FlexiAI.Simulator) started in-process on a free loopback port, over real HTTP.
/// Use it as a class or collection fixture; call <see cref="ResetAsync"/> at the start of each test so faults
/// and counters of an earlier test do not leak. Subclass and override <see cref="Configure"/> or
/// <see cref="ConfigureServices"/> for other providers or a fake clock.
/// </summary>
public class SimulatorFixture : IAsyncLifetime
{
    /// <summary>Name of the default provider with the OpenAI protocol.</summary>
    public const string OpenAIProvider = "sim-openai";

    /// <summary>Name of the default provider with the Anthropic protocol.</summary>
    public const string AnthropicProvider = "sim-anthropic";

    /// <summary>Bound on start and stop of the simulator.</summary>
    public static readonly TimeSpan StartStopTimeout = TimeSpan.FromSeconds(30);

    private WebApplication? _app;
    private HttpClient? _client;
    private Uri? _baseAddress;

    /// <summary>The running simulator.</summary>
    public WebApplication App => _app ?? throw NotStarted();

    /// <summary>Root address of the simulator, ending in '/' (e.g. <c>http://127.0.0.1:41234/</c>).</summary>
    public Uri BaseAddress => _baseAddress ?? throw NotStarted();

    /// <summary>A client whose <see cref="HttpClient.BaseAddress"/> is <see cref="BaseAddress"/>.</summary>
    public HttpClient Client => _client ?? throw NotStarted();

    /// <summary>
    /// Base address of one provider, ending in '/': the OpenAI SDK endpoint is <c>ProviderAddress(p) + "v1"</c>;
    /// the Anthropic client's base URL is <c>ProviderAddress(p)</c> (it appends <c>v1/messages</c>).
    /// </summary>
    public Uri ProviderAddress(string provider) => new(BaseAddress, Uri.EscapeDataString(provider) + "/");

    /// <inheritdoc />
    public async ValueTask InitializeAsync()
    {
        using var timeout = new CancellationTokenSource(StartStopTimeout);
        _app = SimulatorApp.Create(
            ["--urls", "http://127.0.0.1:0", "--Logging:LogLevel:Default=Warning", "--Simulator:RecordedRequests=16"],
            Configure,
            ConfigureServices);
        await _app.StartAsync(timeout.Token);

        var address = _app.Urls.First();
        _baseAddress = new Uri(address.EndsWith('/') ? address : address + "/");
        _client = new HttpClient { BaseAddress = _baseAddress, Timeout = TimeSpan.FromSeconds(30) };
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        _client?.Dispose();
        if (_app is not null)
        {
            using var timeout = new CancellationTokenSource(StartStopTimeout);
            await _app.StopAsync(timeout.Token);
            await _app.DisposeAsync();
        }

        GC.SuppressFinalize(this);
    }

    /// <summary>
    /// <c>PUT /faults/{provider}</c> with <paramref name="fault"/> serialized as is, e.g.
    /// <c>new { mode = "rate_limit", retry_after_s = 3 }</c>; fails the test unless the simulator accepts it.
    /// </summary>
    /// <returns>The fault as stored, defaults filled in.</returns>
    public async Task<JsonElement> SetFaultAsync(string provider, object fault, CancellationToken cancellationToken = default)
    {
        using var response = await Client.PutAsJsonAsync($"faults/{Uri.EscapeDataString(provider)}", fault, cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        Assert.True(response.IsSuccessStatusCode, $"PUT /faults/{provider} answered {(int)response.StatusCode}: {body}");
        using var document = JsonDocument.Parse(body);
        return document.RootElement.Clone();
    }

    /// <summary>Every provider healthy, every counter zero, no recorded request: <c>DELETE /faults</c>, <c>/stats</c>, <c>/requests</c>.</summary>
    public async Task ResetAsync(CancellationToken cancellationToken = default)
    {
        using (var faults = await Client.DeleteAsync("faults", cancellationToken))
        {
            faults.EnsureSuccessStatusCode();
        }

        using (var stats = await Client.DeleteAsync("stats", cancellationToken))
        {
            stats.EnsureSuccessStatusCode();
        }

        using var requests = await Client.DeleteAsync("requests", cancellationToken);
        requests.EnsureSuccessStatusCode();
    }

    /// <summary>
    /// The last chat call a provider got (<c>GET /requests/{provider}</c>, recorded since this fixture turns recording on):
    /// its headers by lower-case name (credentials as <c>sha256:</c> fingerprints) and its body.
    /// </summary>
    public async Task<(Dictionary<string, string> Headers, string Body)> LastRequestAsync(string provider, CancellationToken cancellationToken = default)
    {
        var all = await Client.GetFromJsonAsync<JsonElement>($"requests/{Uri.EscapeDataString(provider)}", cancellationToken);
        Assert.True(all.GetArrayLength() > 0, $"{provider} has no recorded request");
        var last = all[0];
        return (last.GetProperty("headers").EnumerateObject().ToDictionary(h => h.Name, h => h.Value.GetString()!),
            last.GetProperty("body").GetString()!);
    }

    /// <summary>The counters of one provider (<c>GET /stats</c>), e.g. <c>stats.GetProperty("calls").GetInt64()</c>.</summary>
    public async Task<JsonElement> GetStatsAsync(string provider, CancellationToken cancellationToken = default)
    {
        var all = await Client.GetFromJsonAsync<JsonElement>("stats", cancellationToken);
        return all.GetProperty(provider).Clone();
    }

    /// <summary>
    /// Polls <c>GET /stats</c> until <paramref name="condition"/> holds for the provider's counters, failing the
    /// test after <paramref name="timeout"/> (default 10 s) with the last counters seen.
    /// </summary>
    public async Task<JsonElement> WaitForStatsAsync(
        string provider,
        Func<JsonElement, bool> condition,
        TimeSpan? timeout = null,
        CancellationToken cancellationToken = default)
    {
        using var bounded = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        bounded.CancelAfter(timeout ?? TimeSpan.FromSeconds(10));
        var last = default(JsonElement);
        try
        {
            while (true)
            {
                last = await GetStatsAsync(provider, bounded.Token);
                if (condition(last))
                {
                    return last;
                }

                await Task.Delay(TimeSpan.FromMilliseconds(10), bounded.Token);
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            Assert.Fail($"The stats of {provider} did not reach the expected state in time; last seen: {last}");
            throw;
        }
    }

    /// <summary>Simulator options for this fixture; the defaults (two providers, no delays) when not overridden.</summary>
    protected virtual void Configure(SimulatorOptions options)
    {
    }

    /// <summary>Replaces simulator services, e.g. <see cref="TimeProvider"/> with a fake clock.</summary>
    protected virtual void ConfigureServices(IServiceCollection services)
    {
    }

    private static InvalidOperationException NotStarted() => new("The simulator has not started.");
}
