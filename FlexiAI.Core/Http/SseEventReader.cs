using System.Buffers;
using System.IO.Pipelines;

namespace FlexiAI.Http;

/// <summary>
/// Splits a server-sent event stream into whole events (each ending with a blank line) without interpreting
/// them, so they can be forwarded byte for byte. Accepts LF and CRLF line ends.
/// </summary>
/// <param name="stream">The response body.</param>
/// <param name="reuseBuffer">
/// False: each event is a new array, which its reader may keep (the pass-through path forwards and caches them).
/// True: every event is copied into one buffer (pooled, returned on dispose), valid only until the next
/// <see cref="MoveNextAsync"/>: for readers that parse each event and keep nothing of its bytes.
/// </param>
internal sealed class SseEventReader(Stream stream, bool reuseBuffer = false) : IAsyncDisposable
{
    // Zero-byte reads: while a slow provider is between chunks, the reader waits for data without holding a buffer, so an
    // open stream costs no 16 KB segment while it waits (as YARP's copier does); the segment is rented when data is there.
    private readonly PipeReader _reader = PipeReader.Create(stream, new StreamPipeReaderOptions(bufferSize: 16 * 1024, useZeroByteReads: true));
    private ReadOnlyMemory<byte> _current;
    private byte[]? _shared;

    public ReadOnlyMemory<byte> Current => _current;

    /// <summary>The payload of an event's <c>data:</c> line, trimmed (single-line data, as OpenAI and Anthropic send); empty without one.</summary>
    public static ReadOnlySpan<byte> Data(ReadOnlySpan<byte> sseEvent)
    {
        var start = sseEvent.IndexOf("data:"u8);
        if (start < 0)
        {
            return default;
        }
        var data = sseEvent[(start + 5)..];
        var end = data.IndexOf((byte)'\n');
        if (end >= 0)
        {
            data = data[..end];
        }
        return data.Trim(" \r"u8);
    }

    /// <summary>False at a clean end of stream. Throws <see cref="IOException"/> when it ends inside an event.</summary>
    public async ValueTask<bool> MoveNextAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var result = await _reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            var buffer = result.Buffer;
            if (TryReadEvent(ref buffer, out var sseEvent))
            {
                _current = reuseBuffer ? CopyToShared(sseEvent) : sseEvent.ToArray();
                _reader.AdvanceTo(buffer.Start);
                return true;
            }
            if (result.IsCompleted)
            {
                var leftover = buffer.Length;
                _reader.AdvanceTo(buffer.End);
                if (leftover > 0 && !IsWhitespace(buffer))
                {
                    throw new IOException("The event stream ended in the middle of an event.");
                }
                return false;
            }
            _reader.AdvanceTo(buffer.Start, buffer.End);
        }
    }

    private ReadOnlyMemory<byte> CopyToShared(ReadOnlySequence<byte> sseEvent)
    {
        var length = checked((int)sseEvent.Length);
        if (_shared is null || _shared.Length < length)
        {
            if (_shared is not null)
            {
                ArrayPool<byte>.Shared.Return(_shared);
            }
            _shared = ArrayPool<byte>.Shared.Rent(Math.Max(length, 1024));
        }
        sseEvent.CopyTo(_shared);
        return _shared.AsMemory(0, length);
    }

    private static bool TryReadEvent(ref ReadOnlySequence<byte> buffer, out ReadOnlySequence<byte> sseEvent)
    {
        var reader = new SequenceReader<byte>(buffer);
        while (reader.TryAdvanceTo((byte)'\n', advancePastDelimiter: true))
        {
            // A blank line ends the event: "\n\n" or "\n\r\n".
            if (reader.IsNext((byte)'\n', advancePast: true) || reader.IsNext("\r\n"u8, advancePast: true))
            {
                var end = reader.Position;
                sseEvent = buffer.Slice(0, end);
                buffer = buffer.Slice(end);
                return true;
            }
        }
        sseEvent = default;
        return false;
    }

    private static bool IsWhitespace(ReadOnlySequence<byte> buffer)
    {
        foreach (var segment in buffer)
        {
            if (segment.Span.IndexOfAnyExcept(" \r\n\t"u8) >= 0)
            {
                return false;
            }
        }
        return true;
    }

    public async ValueTask DisposeAsync()
    {
        await _reader.CompleteAsync().ConfigureAwait(false);
        if (_shared is not null)
        {
            ArrayPool<byte>.Shared.Return(_shared);
            _shared = null;
            _current = default;
        }
    }
}
