using System.Buffers;

namespace FlexiAI.Protocols.OpenAI;

/// <summary>
/// A complete non-streaming answer in OpenAI's format, ready to write to the caller. A pass-through answer's bytes sit
/// in a buffer rented from the shared pool; <see cref="Dispose"/> returns it once the answer is written (or discarded by
/// the router, when another attempt's answer was used).
/// </summary>
public sealed class CompletionPayload : IDisposable
{
    private byte[]? _rented;

    public CompletionPayload(ReadOnlyMemory<byte> body, string contentType, TokenUsage? usage)
    {
        Body = body;
        ContentType = contentType;
        Usage = usage;
    }

    private CompletionPayload(byte[] rented, int length, string contentType, TokenUsage? usage)
        : this(rented.AsMemory(0, length), contentType, usage) => _rented = rented;

    public ReadOnlyMemory<byte> Body { get; }

    public string ContentType { get; }

    public TokenUsage? Usage { get; }

    /// <summary>
    /// An answer whose first <paramref name="length"/> bytes are in <paramref name="rented"/> (from
    /// <see cref="ArrayPool{T}.Shared"/>): the payload owns the buffer from then on and returns it on <see cref="Dispose"/>.
    /// </summary>
    public static CompletionPayload Pooled(byte[] rented, int length, string contentType, TokenUsage? usage) =>
        new(rented, length, contentType, usage);

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _rented, null) is { } rented)
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }
}
