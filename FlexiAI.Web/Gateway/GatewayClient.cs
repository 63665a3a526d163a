using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Microsoft.Extensions.Options;
using OpenTelemetry;

namespace FlexiAI.Web.Gateway;

/// <summary>
/// The gateway's public HTTP surface as the UI uses it: <c>/cluster</c>, <c>/v1/models</c>, streamed
/// <c>/v1/chat/completions</c>, and the provider admin actions.
/// </summary>
public sealed class GatewayClient(IHttpClientFactory httpClientFactory, IOptions<WebUiOptions> options) : IProviderAdmin
{
    /// <summary>The named <see cref="HttpClient"/> whose base address is the gateway.</summary>
    public const string HttpClientName = "gateway";

    /// <summary>The path of the cluster view.</summary>
    public const string ClusterPath = "/cluster";

    private static readonly TimeSpan s_requestTimeout = TimeSpan.FromSeconds(5);

    private HttpClient Http => httpClientFactory.CreateClient(HttpClientName);

    /// <summary>
    /// <c>GET /cluster</c>: every live replica's view of every provider. The board polls it twice a second; those calls
    /// would bury every other trace in the dashboard, so they record no span.
    /// </summary>
    public async Task<ClusterReport> GetClusterAsync(CancellationToken cancellationToken)
    {
        using var untraced = SuppressInstrumentationScope.Begin();
        using var request = new HttpRequestMessage(HttpMethod.Get, ClusterPath);
        Authorize(request, options.Value.AdminKey);
        return await SendAsync(request, WebJsonContext.Default.ClusterReport, cancellationToken);
    }

    /// <summary><c>GET /v1/models</c>: the names a chat may ask for (routes, and <c>default</c>).</summary>
    public async Task<IReadOnlyList<string>> GetModelsAsync(CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/v1/models");
        Authorize(request, options.Value.ApiKey);
        var list = await SendAsync(request, WebJsonContext.Default.ModelList, cancellationToken);
        return [.. list.Data.Select(m => m.Id)];
    }

    /// <summary>
    /// <c>GET /admin/key</c> with <paramref name="key"/>: whether the gateway takes it as an admin key (the sign-in check;
    /// it changes nothing on the gateway).
    /// </summary>
    public async Task<AdminKeyCheck> CheckAdminKeyAsync(string key, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        using var request = new HttpRequestMessage(HttpMethod.Get, AdminKeyPath);
        Authorize(request, key);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(s_requestTimeout);
        try
        {
            using var response = await Http.SendAsync(request, timeout.Token);
            return response.StatusCode switch
            {
                System.Net.HttpStatusCode.NoContent => AdminKeyCheck.Accepted,
                System.Net.HttpStatusCode.Unauthorized or System.Net.HttpStatusCode.Forbidden => AdminKeyCheck.Rejected,
                _ => AdminKeyCheck.Unavailable,
            };
        }
        catch (Exception exception) when (IsUnreachable(exception))
        {
            return AdminKeyCheck.Unavailable;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return AdminKeyCheck.Unavailable;
        }
    }

    /// <summary>The gateway's admin key check.</summary>
    public const string AdminKeyPath = "/admin/key";

    /// <inheritdoc />
    public Task<ProviderStatus> ResetAsync(string provider, CancellationToken cancellationToken) =>
        AdminAsync(provider, "reset", cancellationToken);

    /// <inheritdoc />
    public Task<ProviderStatus> OpenAsync(string provider, CancellationToken cancellationToken) =>
        AdminAsync(provider, "open", cancellationToken);

    /// <summary>
    /// Streams a chat completion: <see cref="ChatStreamEvent.Started"/> once the headers arrive, then the events
    /// as the gateway sends them. An error answer before the stream starts throws <see cref="GatewayException"/>;
    /// an error event after it (<c>stream_interrupted</c>) is yielded as <see cref="ChatStreamEvent.Failed"/>.
    /// </summary>
    /// <param name="chat">The conversation and its settings.</param>
    /// <param name="cancellationToken">Stops reading.</param>
    /// <param name="protocol">OpenAI (<c>/v1/chat/completions</c>, key as bearer) or Anthropic (<c>/v1/messages</c>, key as <c>x-api-key</c>).</param>
    public async IAsyncEnumerable<ChatStreamEvent> StreamChatAsync(
        ChatCompletionRequest chat,
        [EnumeratorCancellation] CancellationToken cancellationToken,
        ChatProtocol protocol = ChatProtocol.OpenAI)
    {
        ArgumentNullException.ThrowIfNull(chat);
        var anthropic = protocol == ChatProtocol.Anthropic;
        using var request = anthropic
            ? new HttpRequestMessage(HttpMethod.Post, "/v1/messages")
            {
                Content = new StringContent(MessagesRequestBody.Json(chat), System.Text.Encoding.UTF8, "application/json"),
            }
            : new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions")
            {
                Content = JsonContent.Create(chat, WebJsonContext.Default.ChatCompletionRequest),
            };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        // A connection per chat: Aspire's proxy (like most balancers) spreads connections, not requests, so this is
        // what lets successive chats reach different replicas, as real clients would.
        request.Headers.ConnectionClose = true;
        if (anthropic)
        {
            request.Headers.Add("anthropic-version", "2023-06-01");
            if (!string.IsNullOrEmpty(options.Value.ApiKey))
            {
                request.Headers.Add("x-api-key", options.Value.ApiKey);
            }
        }
        else
        {
            Authorize(request, options.Value.ApiKey);
        }

        using var response = await SendForStreamAsync(request, cancellationToken);
        var routing = ChatRouting.From(response);
        if (!response.IsSuccessStatusCode)
        {
            throw new GatewayException(await ReadErrorAsync(response, cancellationToken), routing);
        }

        yield return new ChatStreamEvent.Started(routing);

        await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
        using var reader = new StreamReader(body);
        await foreach (var item in anthropic
            ? ServerSentEvents.ReadMessagesEventsAsync(reader, cancellationToken)
            : ServerSentEvents.ReadChatEventsAsync(reader, cancellationToken))
        {
            yield return item;
        }
    }

    private async Task<HttpResponseMessage> SendForStreamAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        try
        {
            return await Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        }
        catch (Exception exception) when (IsUnreachable(exception))
        {
            throw Unreachable(exception);
        }
    }

    private async Task<ProviderStatus> AdminAsync(string provider, string action, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(provider);
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/providers/{Uri.EscapeDataString(provider)}/{action}");
        Authorize(request, options.Value.AdminKey);
        return await SendAsync(request, WebJsonContext.Default.ProviderStatus, cancellationToken);
    }

    private async Task<T> SendAsync<T>(HttpRequestMessage request, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(s_requestTimeout);
        HttpResponseMessage response;
        try
        {
            response = await Http.SendAsync(request, timeout.Token);
        }
        catch (Exception exception) when (IsUnreachable(exception))
        {
            throw Unreachable(exception);
        }
        catch (OperationCanceledException exception) when (!cancellationToken.IsCancellationRequested)
        {
            throw new GatewayException(
                new GatewayError($"The gateway did not answer {request.RequestUri} within {s_requestTimeout.TotalSeconds:0} s.", null, "timeout", null),
                innerException: exception);
        }

        using (response)
        {
            if (!response.IsSuccessStatusCode)
            {
                throw new GatewayException(await ReadErrorAsync(response, timeout.Token), ChatRouting.From(response));
            }

            try
            {
                return await response.Content.ReadFromJsonAsync(type, timeout.Token)
                    ?? throw new GatewayException($"The gateway answered {request.RequestUri} with an empty body.");
            }
            catch (JsonException exception)
            {
                throw new GatewayException($"The gateway's answer to {request.RequestUri} is not the expected JSON: {exception.Message}", exception);
            }
        }
    }

    /// <summary>Reads an OpenAI-shaped error body; anything else is shown as text, so no message is lost.</summary>
    internal static async Task<GatewayError> ReadErrorAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var status = (int)response.StatusCode;
        int? retryAfter = response.Headers.RetryAfter?.Delta is { } delta ? (int)Math.Ceiling(delta.TotalSeconds) : null;
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        if (ServerSentEvents.TryParseError(text) is { } error)
        {
            return error with { Status = status, RetryAfterSeconds = retryAfter };
        }

        var message = string.IsNullOrWhiteSpace(text)
            ? $"{status} {response.ReasonPhrase}"
            : text.Length <= 500 ? text : text[..500] + "...";
        return new GatewayError(message, null, null, status, retryAfter);
    }

    // Connection failures, and service discovery that resolves no endpoint (it throws InvalidOperationException).
    private static bool IsUnreachable(Exception exception) => exception is HttpRequestException or InvalidOperationException;

    private GatewayException Unreachable(Exception exception) =>
        new(new GatewayError($"Cannot reach the gateway at {options.Value.Gateway}: {exception.Message}", null, "unreachable", null),
            innerException: exception);

    private static void Authorize(HttpRequestMessage request, string? key)
    {
        if (!string.IsNullOrEmpty(key))
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }
    }
}
