using System.Buffers;
using FlexiAI.Routing;

namespace FlexiAI.Http;

/// <summary>Reads a provider's whole answer into a buffer rented from the shared pool (sized by Content-Length when sent).</summary>
public static class AnswerBuffer
{
    /// <summary>An answer larger than this is treated as malformed rather than held in memory.</summary>
    public const int MaxAnswerBytes = 64 * 1024 * 1024;

    private const int UnknownLengthStart = 4096;

    /// <summary>
    /// The answer's bytes: the first <c>Length</c> bytes of <c>Rented</c>, which the caller returns to the pool. Completes
    /// without allocating when the body has already arrived (a short answer comes in the same packets as its headers).
    /// </summary>
    public static async ValueTask<(byte[] Rented, int Length)> ReadAsync(HttpContent content, CancellationToken cancellationToken)
    {
        var declared = DeclaredLength(content);
        // One byte more than declared, so that the end of the body is seen without growing the buffer.
        var rented = ArrayPool<byte>.Shared.Rent(declared is >= 0 and < MaxAnswerBytes ? (int)declared + 1 : UnknownLengthStart);
        try
        {
            // The headers have arrived, so the body's stream is already there: no need for a Task to get it.
#pragma warning disable CA1849
            var stream = content.ReadAsStream(cancellationToken);
#pragma warning restore CA1849
            var length = 0;
            int read;
            while ((read = await stream.ReadAsync(rented.AsMemory(length), cancellationToken).ConfigureAwait(false)) > 0)
            {
                length += read;
                if (length == rented.Length)
                {
                    rented = Grow(rented, length);
                }
            }
            return (rented, length);
        }
        catch
        {
            ArrayPool<byte>.Shared.Return(rented);
            throw;
        }
    }

    /// <summary>
    /// Content-Length as sent, read without the typed header (which stores a parsed copy of the header on every answer);
    /// null when absent or not a number.
    /// </summary>
    private static long? DeclaredLength(HttpContent content) =>
        content.Headers.NonValidated.TryGetValues("Content-Length", out var values) &&
        long.TryParse(values.ToString(), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var length)
            ? length
            : null;

    private static byte[] Grow(byte[] rented, int length)
    {
        if (length >= MaxAnswerBytes)
        {
            throw ProviderException.Malformed($"the provider's answer is larger than {MaxAnswerBytes / (1024 * 1024)} MiB");
        }
        var larger = ArrayPool<byte>.Shared.Rent(Math.Min(MaxAnswerBytes, rented.Length * 2));
        rented.AsSpan(0, length).CopyTo(larger);
        ArrayPool<byte>.Shared.Return(rented);
        return larger;
    }
}
