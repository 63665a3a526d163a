using System.Buffers;
using FlexiAI.Api.OpenAI;
using FlexiAI.Routing;

namespace FlexiAI.Api.PassThrough;

/// <summary>
/// The same-protocol path: an OpenAI-protocol request to an OpenAI-compatible provider. The body is forwarded with
/// only the model replaced, authentication is the provider's key, and the provider's answer comes back as it was
/// sent: unknown fields, <c>system_fingerprint</c>, logprobs and all.
/// </summary>
internal static class PassThroughClient
{
    /// <summary>Error bodies longer than this are cut when kept for the caller (they are never logged).</summary>
    private const int MaxErrorBody = 64 * 1024;

    public static async Task<CompletionPayload> CompleteAsync(AttemptContext attempt, ReadOnlyMemory<byte> body, ChatRequestInfo info)
    {
        using var response = await SendAsync(attempt, body, info).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw await FailureAsync(response, attempt.CancellationToken).ConfigureAwait(false);
        }
        var (rented, length) = await AnswerBuffer.ReadAsync(response.Content, attempt.CancellationToken).ConfigureAwait(false);
        if (!ResponseInspector.TryInspect(rented.AsSpan(0, length), out var usage))
        {
            ArrayPool<byte>.Shared.Return(rented);
            throw Malformed("the provider's answer is not a complete JSON object");
        }
        usage?.Tag(attempt.Activity);
        return CompletionPayload.Pooled(rented, length, ContentType(response.Content), usage);
    }

    /// <summary>The provider's Content-Type as it was sent (not parsed and printed again).</summary>
    private static string ContentType(HttpContent content) =>
        content.Headers.NonValidated.TryGetValues("Content-Type", out var values) ? values.ToString() : "application/json";

    /// <summary>Opens the stream and reads its first event, so that anything that fails before it can fail over.</summary>
    public static async Task<IChatEventStream> OpenStreamAsync(AttemptContext attempt, ReadOnlyMemory<byte> body, ChatRequestInfo info)
    {
        var response = await SendAsync(attempt, body, info).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw await FailureAsync(response, attempt.CancellationToken).ConfigureAwait(false);
        }
        var stream = new PassThroughEventStream(response, new SseEventReader(
            await response.Content.ReadAsStreamAsync(attempt.CancellationToken).ConfigureAwait(false)));
        try
        {
            if (response.Content.Headers.ContentType?.MediaType != "text/event-stream")
            {
                throw Malformed("the provider did not answer a streaming request with an event stream");
            }
            if (!await stream.MoveNextAsync(attempt.CancellationToken).ConfigureAwait(false))
            {
                throw new ProviderException(new ProviderFailure(FailureKind.Connection, null, null, "stream ended before its first event"));
            }
            if (!ResponseInspector.IsWellFormedEvent(stream.Current.Span))
            {
                throw Malformed("the stream's first event is not valid JSON");
            }
            return stream;
        }
        catch
        {
            await stream.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Sends the request with the provider's model and key; completes when the answer's headers have arrived.</summary>
    private static Task<HttpResponseMessage> SendAsync(AttemptContext attempt, ReadOnlyMemory<byte> body, ChatRequestInfo info)
    {
        var provider = attempt.Provider;
        var request = new HttpRequestMessage(HttpMethod.Post, provider.ChatCompletionsUri)
        {
            Content = new ByteArrayContent(RequestRewriter.WithModel(body.Span, info, provider.Model)),
        };
        // Added as text: the typed ContentType setter would store a parsed copy on every request.
        request.Content.Headers.TryAddWithoutValidation("Content-Type", "application/json");
        if (provider.Authorization is { } authorization)
        {
            request.Headers.TryAddWithoutValidation("Authorization", authorization);
        }
        // The invoker never buffers: the body is read on demand.
        return provider.Invoker.SendAsync(request, attempt.CancellationToken);
    }

    /// <summary>The failure a non-success answer stands for, with its body (bounded) kept for the caller.</summary>
    private static async Task<ProviderException> FailureAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        using (response)
        {
            var retryAfter = RetryAfterParser.FromHeaders(response.Headers, DateTimeOffset.UtcNow);
            var failure = ProviderFailure.FromStatus(response.StatusCode, retryAfter);
            var errorBody = await ReadBoundedAsync(response.Content, cancellationToken).ConfigureAwait(false);
            return new ProviderException(failure, errorBody, response.Content.Headers.ContentType?.ToString());
        }
    }

    private static async Task<byte[]> ReadBoundedAsync(HttpContent content, CancellationToken cancellationToken)
    {
        var stream = await content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        var buffer = ArrayPool<byte>.Shared.Rent(MaxErrorBody);
        try
        {
            var total = 0;
            int read;
            while (total < MaxErrorBody && (read = await stream.ReadAsync(buffer.AsMemory(total, MaxErrorBody - total), cancellationToken).ConfigureAwait(false)) > 0)
            {
                total += read;
            }
            return buffer[..total];
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static ProviderException Malformed(string description) =>
        new(new ProviderFailure(FailureKind.MalformedResponse, null, null, description));
}
