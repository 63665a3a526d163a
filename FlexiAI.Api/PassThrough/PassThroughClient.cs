using System.Buffers;
using FlexiAI.Api.OpenAI;
using FlexiAI.Http;
using FlexiAI.Protocols.OpenAI;
using FlexiAI.Routing;

namespace FlexiAI.Api.PassThrough;

/// <summary>
/// The same-protocol path: an OpenAI-protocol request (chat completions, embeddings, responses) to an OpenAI-compatible
/// provider. The body is forwarded with only the model replaced, authentication is the provider's key, and the
/// provider's answer comes back as it was sent: unknown fields, <c>system_fingerprint</c>, logprobs and all, with the
/// provider's allowlisted headers (<see cref="ProviderResponseHeaders"/>).
/// </summary>
internal static class PassThroughClient
{
    public static async Task<CompletionPayload> CompleteAsync(AttemptContext attempt, PassThroughRequest request, string model)
    {
        using var response = await SendAsync(attempt, request, model).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw await ErrorAnswer.ToExceptionAsync(response, attempt.CancellationToken).ConfigureAwait(false);
        }
        var (rented, length) = await AnswerBuffer.ReadAsync(response.Content, attempt.CancellationToken).ConfigureAwait(false);
        if (!ResponseInspector.TryInspect(rented.AsSpan(0, length), out var usage))
        {
            ArrayPool<byte>.Shared.Return(rented);
            throw ProviderException.Malformed("the provider's answer is not a complete JSON object");
        }
        usage?.Tag(attempt.Activity);
        return CompletionPayload.Pooled(rented, length, ContentType(response.Content), usage, ProviderResponseHeaders.Capture(response));
    }

    /// <summary>
    /// Opens a whole answer to stream it to the caller (<see cref="PassThroughAnswer"/>): an error status, or an answer
    /// that does not start as a JSON object, fails over as before; the rest is judged once copied.
    /// </summary>
    public static async Task<PassThroughAnswer> OpenAnswerAsync(AttemptContext attempt, PassThroughRequest request, string model)
    {
        var response = await SendAsync(attempt, request, model).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw await ErrorAnswer.ToExceptionAsync(response, attempt.CancellationToken).ConfigureAwait(false);
        }
        return await PassThroughAnswer.OpenAsync(response, attempt.CancellationToken).ConfigureAwait(false);
    }

    /// <summary>The provider's Content-Type as it was sent (not parsed and printed again).</summary>
    internal static string ContentType(HttpContent content) =>
        content.Headers.NonValidated.TryGetValues("Content-Type", out var values) ? values.ToString() : "application/json";

    /// <summary>Opens the stream and reads its first event, so that anything that fails before it can fail over.</summary>
    public static Task<IChatEventStream> OpenStreamAsync(AttemptContext attempt, PassThroughRequest request, string model) =>
        SseResponse.OpenAsync(SendAsync(attempt, request, model), attempt,
            (attempt.Provider.MaxStreamEventBytes, Responses: request.Api == PassThroughApi.Responses),
            static (response, reader, state) => new PassThroughEventStream(response, reader, state.MaxStreamEventBytes, state.Responses),
            firstEventIsJson: true);

    /// <summary>Sends the request with the provider's model and key; completes when the answer's headers have arrived.</summary>
    /// <remarks>The request message is not disposed: its only disposable part is a byte-array content, which holds nothing
    /// to release, and disposing it would cost an async state machine per request on the hottest path.</remarks>
#pragma warning disable CA2000
    private static Task<HttpResponseMessage> SendAsync(AttemptContext attempt, PassThroughRequest request, string model)
    {
        var provider = attempt.Provider;
        var uri = request.Api switch
        {
            PassThroughApi.Embeddings => provider.EmbeddingsUri,
            PassThroughApi.Responses => provider.ResponsesUri,
            _ => provider.ChatCompletionsUri,
        };
        var message = new HttpRequestMessage(HttpMethod.Post, uri)
        {
            Content = new ByteArrayContent(RequestRewriter.WithModel(request.Body.Span, request.ModelStart, request.ModelEnd, model)),
        };
        // Added as text: the typed ContentType setter would store a parsed copy on every request.
        message.Content.Headers.TryAddWithoutValidation("Content-Type", "application/json");
        if (provider.Authorization is { } authorization)
        {
            message.Headers.TryAddWithoutValidation("Authorization", authorization);
        }
        // The invoker never buffers: the body is read on demand.
        return provider.Invoker.SendAsync(message, attempt.CancellationToken);
    }
#pragma warning restore CA2000
}
