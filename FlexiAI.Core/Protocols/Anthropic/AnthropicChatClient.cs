using System.Buffers;
using System.Runtime.CompilerServices;
using FlexiAI.Http;
using FlexiAI.Providers;
using FlexiAI.Routing;
using Microsoft.Extensions.AI;

namespace FlexiAI.Protocols.Anthropic;

/// <summary>
/// The Anthropic Messages API (<c>POST {Endpoint}/v1/messages</c>) as an <see cref="IChatClient"/> (text, images, tool
/// calls and results, JSON output through a forced tool):
/// the translation path's client. Written for the gateway's load: the request is written with a
/// <see cref="System.Text.Json.Utf8JsonWriter"/>, the answer read from a pooled buffer with a
/// <see cref="System.Text.Json.Utf8JsonReader"/>, sent on the provider's invoker (the shared connection pool, no
/// per-request client work). No retries: the router decides. Failures are <see cref="ProviderException"/>s like the
/// pass-through path's: a non-success status with its Retry-After and error body; an unreadable answer or event is
/// malformed; a stream that ends before <c>message_stop</c> is an <see cref="IOException"/> (a broken connection).
/// </summary>
internal sealed class AnthropicChatClient(Provider provider) : IChatClient
{
    internal const string ApiVersion = "2023-06-01";

    private readonly Uri _messagesUri = new(provider.Options.Endpoint!.ToString().TrimEnd('/') + "/v1/messages");
    private readonly ChatClientMetadata _metadata = new("anthropic", provider.Options.Endpoint, provider.Model);

    public async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var model = options?.ModelId ?? provider.Model;
        var body = AnthropicRequestWriter.Write(messages, options, model, stream: false);
        using var response = await SendAsync(body, cancellationToken).ConfigureAwait(false);
        var (rented, length) = await AnswerBuffer.ReadAsync(response.Content, cancellationToken).ConfigureAwait(false);
        try
        {
            return AnthropicResponseReader.Read(rented.AsSpan(0, length), model, AnthropicRequestWriter.WantsStructuredOutput(options));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages,
        ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var model = options?.ModelId ?? provider.Model;
        var body = AnthropicRequestWriter.Write(messages, options, model, stream: true);
        var response = await SendAsync(body, cancellationToken).ConfigureAwait(false);
        try
        {
            if (response.Content.Headers.ContentType?.MediaType != "text/event-stream")
            {
                throw ProviderException.Malformed("the provider did not answer a streaming request with an event stream");
            }
            await using var events = new SseEventReader(
                await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false), reuseBuffer: true, provider.MaxStreamEventBytes);
            var reader = new AnthropicStreamReader(model, AnthropicRequestWriter.WantsStructuredOutput(options));
            while (!reader.Completed)
            {
                if (!await events.MoveNextAsync(cancellationToken).ConfigureAwait(false))
                {
                    throw new IOException("The provider's event stream ended before message_stop.");
                }
                if (reader.Read(events.Current.Span) is { } update)
                {
                    yield return update;
                }
            }
        }
        finally
        {
            response.Dispose();
        }
    }

    public object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        return serviceKey is not null ? null
            : serviceType == typeof(ChatClientMetadata) ? _metadata
            : serviceType.IsInstanceOfType(this) ? this
            : null;
    }

    public void Dispose()
    {
        // The invoker (the connection pool) belongs to the provider catalog.
    }

    /// <summary>Posts the request; completes when the answer's headers have arrived, and throws for a non-success status.</summary>
    private async Task<HttpResponseMessage> SendAsync(byte[] body, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, _messagesUri) { Content = new ByteArrayContent(body) };
        // Added as text: the typed setters would store a parsed copy on every request.
        request.Content.Headers.TryAddWithoutValidation("Content-Type", "application/json");
        if (provider.Options.ApiKey is { Length: > 0 } key)
        {
            request.Headers.TryAddWithoutValidation("x-api-key", key);
        }
        request.Headers.TryAddWithoutValidation("anthropic-version", ApiVersion);
        var response = await provider.Invoker.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw await ErrorAnswer.ToExceptionAsync(response, cancellationToken).ConfigureAwait(false);
        }
        return response;
    }
}
