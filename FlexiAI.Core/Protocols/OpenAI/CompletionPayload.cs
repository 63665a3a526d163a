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

    /// <summary>The provider's allowlisted response headers (pass-through answers only), for the caller's response.</summary>
    public IReadOnlyList<KeyValuePair<string, string>>? ProviderHeaders { get; private init; }

    /// <summary>
    /// An answer whose first <paramref name="length"/> bytes are in <paramref name="rented"/> (from
    /// <see cref="ArrayPool{T}.Shared"/>): the payload owns the buffer from then on and returns it on <see cref="Dispose"/>.
    /// </summary>
    /// <param name="providerHeaders">The provider's allowlisted headers (<see cref="FlexiAI.Http.ProviderResponseHeaders"/>), when passed through.</param>
    public static CompletionPayload Pooled(byte[] rented, int length, string contentType, TokenUsage? usage,
        IReadOnlyList<KeyValuePair<string, string>>? providerHeaders = null) =>
        new(rented, length, contentType, usage) { ProviderHeaders = providerHeaders };

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _rented, null) is { } rented)
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }
}
