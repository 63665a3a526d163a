using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace FlexiAI.Tests.Simulator;

/// <summary>Raw-HTTP helpers for talking to the simulator the way an SDK would.</summary>
public static class SimulatorHttp
{
    /// <summary>A JSON body sent exactly as written.</summary>
    public static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    /// <summary>
    /// POSTs <paramref name="json"/> and returns as soon as the headers arrive, so a streamed body can be read
    /// event by event. Adds the Anthropic headers the official SDK sends.
    /// </summary>
    public static async Task<HttpResponseMessage> PostAsync(
        HttpClient client,
        string path,
        string json,
        CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = Json(json) };
        request.Headers.Add("x-api-key", "test-key");
        request.Headers.Add("anthropic-version", "2023-06-01");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        return await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
    }

    /// <summary>POSTs <paramref name="json"/>, checks the status and returns the body parsed as JSON.</summary>
    public static async Task<JsonElement> PostForJsonAsync(
        HttpClient client,
        string path,
        string json,
        int expectedStatus,
        CancellationToken cancellationToken)
    {
        using var response = await PostAsync(client, path, json, cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        Assert.True(expectedStatus == (int)response.StatusCode, $"Expected {expectedStatus}, got {(int)response.StatusCode}: {body}");
        using var document = JsonDocument.Parse(body);
        return document.RootElement.Clone();
    }
}
