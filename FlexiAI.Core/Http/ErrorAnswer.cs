using System.Buffers;
using FlexiAI.Routing;

namespace FlexiAI.Http;

/// <summary>A provider's non-success answer as a <see cref="ProviderException"/>: status, Retry-After and the error body (bounded).</summary>
public static class ErrorAnswer
{
    /// <summary>Error bodies longer than this are cut when kept for the caller (they are never logged).</summary>
    public const int MaxErrorBody = 64 * 1024;

    /// <summary>The failure a non-success answer stands for, with its body kept for the caller; disposes the answer.</summary>
    public static async Task<ProviderException> ToExceptionAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        using (response)
        {
            var retryAfter = RetryAfterParser.FromHeaders(response.Headers, DateTimeOffset.UtcNow);
            var errorBody = await ReadBoundedAsync(response.Content, cancellationToken).ConfigureAwait(false);
            var failure = ProviderFailure.FromAnswer(response.StatusCode, retryAfter, errorBody);
            return new ProviderException(failure, errorBody, response.Content.Headers.ContentType?.ToString())
            {
                Headers = ProviderResponseHeaders.Capture(response),
            };
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
}
