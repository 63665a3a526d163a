using System.Text.Json;
using Microsoft.Extensions.Options;

namespace FlexiAI.Web.Simulator;

/// <summary>The simulator's control API (<c>/providers</c>, <c>/faults</c>), found by service discovery.</summary>
public sealed class SimulatorClient(IHttpClientFactory httpClientFactory, IOptions<WebUiOptions> options) : IFaultControl
{
    /// <summary>The named <see cref="HttpClient"/> whose base address is the simulator.</summary>
    public const string HttpClientName = "simulator";

    /// <inheritdoc />
    public bool IsAvailable => options.Value.Simulator is not null;

    private HttpClient Http => IsAvailable
        ? httpClientFactory.CreateClient(HttpClientName)
        : throw new InvalidOperationException("No simulator is configured (Ui:Simulator).");

    /// <inheritdoc />
    public async Task<IReadOnlyList<SimulatedProvider>> GetProvidersAsync(CancellationToken cancellationToken) =>
        await Call(() => Http.GetFromJsonAsync("/providers", Gateway.WebJsonContext.Default.IReadOnlyListSimulatedProvider, cancellationToken))
        ?? [];

    /// <inheritdoc />
    public async Task<IReadOnlyDictionary<string, FaultSettings>> GetFaultsAsync(CancellationToken cancellationToken) =>
        await Call(() => Http.GetFromJsonAsync("/faults", Gateway.WebJsonContext.Default.DictionaryStringFaultSettings, cancellationToken))
        ?? [];

    /// <inheritdoc />
    public async Task SetFaultAsync(string provider, FaultSettings fault, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(provider);
        using var response = await Call(() => Http.PutAsJsonAsync(
            $"/faults/{Uri.EscapeDataString(provider)}", fault, Gateway.WebJsonContext.Default.FaultSettings, cancellationToken));
        await EnsureSuccessAsync(response, cancellationToken);
    }

    /// <inheritdoc />
    public async Task ClearFaultsAsync(CancellationToken cancellationToken)
    {
        using var response = await Call(() => Http.DeleteAsync("/faults", cancellationToken));
        await EnsureSuccessAsync(response, cancellationToken);
    }

    private async Task<T> Call<T>(Func<Task<T>> call)
    {
        try
        {
            return await call();
        }
        catch (Exception exception) when (exception is HttpRequestException or InvalidOperationException)
        {
            // InvalidOperationException: service discovery resolved no endpoint.
            throw new SimulatorException($"The simulator at {options.Value.Simulator} failed: {exception.Message}", exception);
        }
        catch (JsonException exception)
        {
            throw new SimulatorException($"The simulator's answer is not the expected JSON: {exception.Message}", exception);
        }
        catch (TaskCanceledException exception) when (exception.InnerException is TimeoutException)
        {
            throw new SimulatorException($"The simulator at {options.Value.Simulator} did not answer in time.", exception);
        }
    }

    // The simulator answers a bad fault with a problem+json body whose detail or errors say what is wrong.
    private static async Task EnsureSuccessAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (response.IsSuccessStatusCode)
        {
            return;
        }

        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        throw new SimulatorException($"The simulator answered {(int)response.StatusCode}: {(body.Length <= 300 ? body : body[..300])}");
    }
}
