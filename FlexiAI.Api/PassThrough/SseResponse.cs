namespace FlexiAI.Api.PassThrough;

/// <summary>The body of a provider's streamed answer, taken so that the answer is never left undisposed.</summary>
internal static class SseResponse
{
    /// <summary>
    /// The answer's body stream. Should taking it fail, the answer is disposed here (returning its connection), since no
    /// event stream owns it yet.
    /// </summary>
    public static async ValueTask<Stream> BodyAsync(HttpResponseMessage response, CancellationToken cancellationToken)
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
