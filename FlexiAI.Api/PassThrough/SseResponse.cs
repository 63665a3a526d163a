using FlexiAI.Api.OpenAI;
using FlexiAI.Http;
using FlexiAI.Protocols.OpenAI;
using FlexiAI.Routing;

namespace FlexiAI.Api.PassThrough;

/// <summary>
/// A provider's streamed answer opened as an event stream, for both pass-through paths (Chat Completions and Responses,
/// Anthropic Messages): everything that can fail before the first event fails here, so that the router can still fail
/// over, and the answer is never left undisposed on the way.
/// </summary>
internal static class SseResponse
{
    /// <summary>
    /// Waits for the answer's headers, checks its status, wraps its body in the stream <paramref name="create"/> builds and
    /// reads the first event.
    /// </summary>
    /// <param name="sending">The request on its way (completes when the answer's headers have arrived).</param>
    /// <param name="firstEventIsJson">Whether the first event's data must be a JSON object (the OpenAI protocol's).</param>
    public static async Task<IChatEventStream> OpenAsync<TState>(Task<HttpResponseMessage> sending, AttemptContext attempt, TState state,
        Func<HttpResponseMessage, SseEventReader, TState, IChatEventStream> create, bool firstEventIsJson)
    {
        var response = await sending.ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw await ErrorAnswer.ToExceptionAsync(response, attempt.CancellationToken).ConfigureAwait(false);
        }
        var body = await BodyAsync(response, attempt.CancellationToken).ConfigureAwait(false);
#pragma warning disable CA2000 // the reader goes to the event stream, which disposes it with the response
        var stream = create(response, new SseEventReader(body, maxEventBytes: attempt.Provider.MaxStreamEventBytes), state);
#pragma warning restore CA2000
        try
        {
            if (response.Content.Headers.ContentType?.MediaType != "text/event-stream")
            {
                throw ProviderException.Malformed("the provider did not answer a streaming request with an event stream");
            }
            if (!await stream.MoveNextAsync(attempt.CancellationToken).ConfigureAwait(false))
            {
                throw new ProviderException(new ProviderFailure(FailureKind.Connection, null, null, "stream ended before its first event"));
            }
            if (firstEventIsJson && !ResponseInspector.IsWellFormedEvent(stream.Current.Span))
            {
                throw ProviderException.Malformed("the stream's first event is not valid JSON");
            }
            return stream;
        }
        catch
        {
            await stream.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>
    /// The answer's body stream. Should taking it fail, the answer is disposed here (returning its connection), since no
    /// event stream owns it yet.
    /// </summary>
    private static async ValueTask<Stream> BodyAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            return await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            response.Dispose();
            throw;
        }
    }
}
