using System.Buffers;
using FlexiAI.Http;
using FlexiAI.Routing;

namespace FlexiAI.Api.PassThrough;

/// <summary>
/// A provider's whole (non-streamed) answer whose headers and first bytes have arrived, the rest still to be read:
/// what the embeddings pass-through streams to the caller (<see cref="PassThroughAnswerWriter"/>) instead of reading it
/// whole first. Opened by <see cref="PassThroughClient.OpenAnswerAsync"/> only when it starts as a JSON object, so an
/// answer that is plainly not one still fails over before the caller has a byte. Disposing it returns the buffer and
/// closes the provider's answer (a hedged attempt that lost is disposed by the router).
/// </summary>
internal sealed class PassThroughAnswer : IAsyncDisposable
{
    /// <summary>The buffer the answer is copied through (rented per answer): <see cref="ReadBytes"/> for reading, then the tail.</summary>
    public const int BufferBytes = 16 * 1024;

    /// <summary>The part of <see cref="Buffer"/> reads go to; the rest keeps the answer's last bytes (<see cref="PassThroughAnswerWriter"/>).</summary>
    public const int ReadBytes = 15 * 1024;

    private readonly HttpResponseMessage _response;
    private byte[]? _buffer = ArrayPool<byte>.Shared.Rent(BufferBytes);

    private PassThroughAnswer(HttpResponseMessage response, Stream body)
    {
        _response = response;
        Body = body;
        ProviderHeaders = ProviderResponseHeaders.Capture(response);
        ContentType = response.Content.Headers.NonValidated.TryGetValues("Content-Type", out var type) ? type.ToString() : "application/json";
        ContentLength = response.Content.Headers.ContentLength;
    }

    /// <summary>The rest of the answer, after its first <see cref="FirstLength"/> bytes.</summary>
    public Stream Body { get; }

    /// <summary>The provider's Content-Type as it was sent.</summary>
    public string ContentType { get; }

    /// <summary>The provider's Content-Length, when it sent one (the caller gets the same; else the answer is chunked).</summary>
    public long? ContentLength { get; }

    public IReadOnlyList<KeyValuePair<string, string>>? ProviderHeaders { get; }

    /// <summary>The buffer to copy through; its first <see cref="FirstLength"/> bytes are the answer's first bytes.</summary>
    public byte[] Buffer => _buffer ?? throw new ObjectDisposedException(nameof(PassThroughAnswer));

    public int FirstLength { get; private set; }

    /// <summary>Reads up to the answer's first non-blank byte; a provider fault (failing over) unless it opens a JSON object.</summary>
    public static async Task<PassThroughAnswer> OpenAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var answer = new PassThroughAnswer(response, await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false));
        try
        {
            var buffer = answer.Buffer;
            int read;
            while ((read = await answer.Body.ReadAsync(buffer.AsMemory(answer.FirstLength, ReadBytes - answer.FirstLength), cancellationToken).ConfigureAwait(false)) > 0)
            {
                answer.FirstLength += read;
                var start = buffer.AsSpan(0, answer.FirstLength).TrimStart(" \t\r\n"u8);
                if (!start.IsEmpty)
                {
                    return start[0] == (byte)'{' ? answer : throw ProviderException.Malformed("the provider's answer is not a JSON object");
                }
                if (answer.FirstLength == ReadBytes)
                {
                    break;
                }
            }
            throw ProviderException.Malformed("the provider's answer is empty");
        }
        catch
        {
            await answer.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _buffer, null) is { } buffer)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
        await Body.DisposeAsync().ConfigureAwait(false);
        _response.Dispose();
    }
}
