using System.Buffers;
using FlexiAI.Api.OpenAI;
using FlexiAI.Api.PassThrough;
using FlexiAI.Http;
using FlexiAI.Protocols.OpenAI;
using FlexiAI.Routing;

namespace FlexiAI.Api.Messages;

/// <summary>
/// The same-protocol path of <c>/v1/messages</c>: an Anthropic Messages request to an Anthropic-protocol provider. The
/// body is forwarded with only <c>model</c> replaced, authenticated with the provider's key (<c>x-api-key</c>), with
/// the caller's <c>anthropic-version</c> and <c>anthropic-beta</c>; the answer comes back as the provider sent it.
/// </summary>
internal static class MessagesPassThroughClient
{
    /// <param name="model">The model the provider is sent (its own, or the one a <c>provider/model</c> request named).</param>
    public static async Task<CompletionPayload> CompleteAsync(AttemptContext attempt, ReadOnlyMemory<byte> body, MessagesRequestInfo info,
        AnthropicHeaders headers, string model, Uri? uri = null)
    {
        using var response = await SendAsync(attempt, body, info, headers, model, uri ?? attempt.Provider.MessagesUri).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw await ErrorAnswer.ToExceptionAsync(response, attempt.CancellationToken).ConfigureAwait(false);
        }
        var (rented, length) = await AnswerBuffer.ReadAsync(response.Content, attempt.CancellationToken).ConfigureAwait(false);
        if (!AnthropicUsage.TryInspect(rented.AsSpan(0, length), out var usage))
        {
            ArrayPool<byte>.Shared.Return(rented);
            throw ProviderException.Malformed("the provider's answer is not a complete JSON object");
        }
        usage?.Tag(attempt.Activity);
        return CompletionPayload.Pooled(rented, length, PassThroughClient.ContentType(response.Content), usage, ProviderResponseHeaders.Capture(response));
    }

    /// <summary>Opens the stream and reads its first event, so that anything that fails before it can fail over.</summary>
    public static Task<IChatEventStream> OpenStreamAsync(AttemptContext attempt, ReadOnlyMemory<byte> body, MessagesRequestInfo info,
        AnthropicHeaders headers, string model) =>
        SseResponse.OpenAsync(SendAsync(attempt, body, info, headers, model, attempt.Provider.MessagesUri), attempt, 0,
            static (response, reader, _) => new MessagesPassThroughEventStream(response, reader), firstEventIsJson: false);

    /// <summary>Sends the request with the provider's model and key; completes when the answer's headers have arrived.</summary>
    /// <remarks>The request message is not disposed: its only disposable part is a byte-array content, which holds nothing
    /// to release, and disposing it would cost an async state machine per request on the hottest path.</remarks>
#pragma warning disable CA2000
    private static Task<HttpResponseMessage> SendAsync(AttemptContext attempt, ReadOnlyMemory<byte> body, MessagesRequestInfo info,
        AnthropicHeaders headers, string model, Uri uri)
    {
        var provider = attempt.Provider;
        var request = new HttpRequestMessage(HttpMethod.Post, uri)
        {
            Content = new ByteArrayContent(RequestRewriter.WithModel(body.Span, info.ModelStart, info.ModelEnd, model)),
        };
        request.Content.Headers.TryAddWithoutValidation("Content-Type", "application/json");
        if (provider.Options.ApiKey is { Length: > 0 } key)
        {
            request.Headers.TryAddWithoutValidation("x-api-key", key);
        }
        headers.Apply(request);
        return provider.Invoker.SendAsync(request, attempt.CancellationToken);
    }
#pragma warning restore CA2000
}
