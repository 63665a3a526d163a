using System.Net.Http.Headers;
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

    private static readonly MediaTypeHeaderValue JsonContentType = new("application/json");

    public static async Task<CompletionPayload> CompleteAsync(AttemptContext attempt, ReadOnlyMemory<byte> body, ChatRequestInfo info)
    {
        using var response = await SendAsync(attempt, body, info).ConfigureAwait(false);
        var bytes = await response.Content.ReadAsByteArrayAsync(attempt.CancellationToken).ConfigureAwait(false);
        if (!ResponseInspector.TryInspect(bytes, out var usage))
        {
            throw Malformed("the provider's answer is not a complete JSON object");
        }
        var contentType = response.Content.Headers.ContentType?.ToString() ?? "application/json";
        usage?.Tag(attempt.Activity);
        return new CompletionPayload(bytes, contentType, usage);
    }

    /// <summary>Opens the stream and reads its first event, so that anything that fails before it can fail over.</summary>
    public static async Task<IChatEventStream> OpenStreamAsync(AttemptContext attempt, ReadOnlyMemory<byte> body, ChatRequestInfo info)
    {
        var response = await SendAsync(attempt, body, info).ConfigureAwait(false);
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

    private static async Task<HttpResponseMessage> SendAsync(AttemptContext attempt, ReadOnlyMemory<byte> body, ChatRequestInfo info)
    {
        var provider = attempt.Provider;
        using var request = new HttpRequestMessage(HttpMethod.Post, provider.ChatCompletionsUri)
        {
            Content = new ByteArrayContent(RequestRewriter.WithModel(body.Span, info, provider.Model)),
        };
        request.Content.Headers.ContentType = JsonContentType;
        if (!string.IsNullOrEmpty(provider.Options.ApiKey))
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", provider.Options.ApiKey);
        }

        var response = await provider.HttpClient.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, attempt.CancellationToken)
            .ConfigureAwait(false);
        if (response.IsSuccessStatusCode)
        {
            return response;
        }

        using (response)
        {
            var retryAfter = RetryAfterParser.FromHeaders(response.Headers, DateTimeOffset.UtcNow);
            var failure = ProviderFailure.FromStatus(response.StatusCode, retryAfter);
            var errorBody = await ReadBoundedAsync(response.Content, attempt.CancellationToken).ConfigureAwait(false);
            throw new ProviderException(failure, errorBody, response.Content.Headers.ContentType?.ToString());
        }
    }

    private static async Task<byte[]> ReadBoundedAsync(HttpContent content, CancellationToken cancellationToken)
    {
        var stream = await content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        var buffer = new byte[MaxErrorBody];
        var total = 0;
        int read;
        while (total < buffer.Length && (read = await stream.ReadAsync(buffer.AsMemory(total), cancellationToken).ConfigureAwait(false)) > 0)
        {
            total += read;
        }
        return buffer[..total];
    }

    private static ProviderException Malformed(string description) =>
        new(new ProviderFailure(FailureKind.MalformedResponse, null, null, description));
}
