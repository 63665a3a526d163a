using System.Buffers;
using System.IO.Pipelines;
using FlexiAI.Routing;

namespace FlexiAI.Http;

/// <summary>
/// Splits a server-sent event stream into whole events (each ending with a blank line) without interpreting
/// them, so they can be forwarded byte for byte. Accepts LF and CRLF line ends. A comment (<c>: keep-alive</c>) or an
/// event without data is an event like any other here: readers decide what it stands for (see <see cref="Data"/>).
/// </summary>
/// <param name="stream">The response body.</param>
/// <param name="reuseBuffer">
/// False: each event is a new array, which its reader may keep (the pass-through path forwards and caches them).
/// True: every event is copied into one buffer (pooled, returned on dispose), valid only until the next
/// <see cref="MoveNextAsync"/>: for readers that parse each event and keep nothing of its bytes.
/// </param>
/// <param name="maxEventBytes">
/// The largest event accepted; a bigger one (or that many bytes without the end of an event) makes the stream
/// malformed (<see cref="ProviderException"/>), so a provider cannot make the gateway buffer without bound.
/// </param>
public sealed class SseEventReader(Stream stream, bool reuseBuffer = false, int maxEventBytes = SseEventReader.DefaultMaxEventBytes)
    : IAsyncDisposable
{
    /// <summary>1 MiB, the default of <c>Limits:MaxStreamEventBytes</c>.</summary>
    public const int DefaultMaxEventBytes = 1024 * 1024;

    // Zero-byte reads: while a slow provider is between chunks, the reader waits for data without holding a buffer, so an
    // open stream costs no 16 KB segment while it waits (as YARP's copier does); the segment is rented when data is there.
    private readonly PipeReader _reader = PipeReader.Create(stream, new StreamPipeReaderOptions(bufferSize: 16 * 1024, useZeroByteReads: true));
    private ReadOnlyMemory<byte> _current;
    private byte[]? _shared;

    public ReadOnlyMemory<byte> Current => _current;

    /// <summary>
    /// The event's data as the SSE specification defines it: the values of its <c>data</c> fields (one leading space
    /// removed, <c>data:x</c> and <c>data: x</c> alike, trailing blanks trimmed), joined by LF when there are several;
    /// empty for a comment, an event without data, or several events without data. Comment lines and other fields
    /// (<c>event:</c>, <c>id:</c>, <c>retry:</c>) are skipped. One data line (what OpenAI and Anthropic send) is
    /// returned as a slice of the event; several are joined into a new array.
    /// </summary>
    public static ReadOnlySpan<byte> Data(ReadOnlySpan<byte> sseEvent)
    {
        var position = 0;
        if (!NextDataValue(sseEvent, ref position, out var first))
        {
            return default;
        }
        return NextDataValue(sseEvent, ref position, out _) ? JoinData(sseEvent) : sseEvent[first];
    }

    /// <summary>Where the next <c>data</c> field's value is, from <paramref name="position"/> on; moves past its line.</summary>
    private static bool NextDataValue(ReadOnlySpan<byte> sseEvent, ref int position, out Range value)
    {
        while (position < sseEvent.Length)
        {
            var lineStart = position;
            var length = sseEvent[lineStart..].IndexOf((byte)'\n');
            length = length < 0 ? sseEvent.Length - lineStart : length;
            position = lineStart + length + 1;
            var line = sseEvent.Slice(lineStart, length);
            if (line.EndsWith("\r"u8))
            {
                line = line[..^1];
            }
            if (!line.StartsWith("data"u8) || (line.Length > 4 && line[4] != (byte)':'))
            {
                continue; // a comment (":..."), a blank line, or another field
            }
            var valueStart = Math.Min(line.Length, 5);
            if (valueStart < line.Length && line[valueStart] == (byte)' ')
            {
                valueStart++;
            }
            var valueLength = line[valueStart..].TrimEnd(" \t"u8).Length;
            value = new Range(lineStart + valueStart, lineStart + valueStart + valueLength);
            return true;
        }
        value = default;
        return false;
    }

    private static byte[] JoinData(ReadOnlySpan<byte> sseEvent)
    {
        var joined = new ArrayBufferWriter<byte>(sseEvent.Length);
        var position = 0;
        while (NextDataValue(sseEvent, ref position, out var value))
        {
            joined.Write(sseEvent[value]);
            joined.Write("\n"u8);
        }
        return joined.WrittenSpan[..^1].ToArray();
    }

    /// <summary>False at a clean end of stream. Throws <see cref="IOException"/> when it ends inside an event.</summary>
    /// <exception cref="ProviderException">An event is larger than the limit (malformed).</exception>
    public async ValueTask<bool> MoveNextAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var result = await _reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            var buffer = result.Buffer;
            if (TryReadEvent(ref buffer, out var sseEvent))
            {
                if (sseEvent.Length > maxEventBytes)
                {
                    _reader.AdvanceTo(buffer.Start);
                    throw TooLarge();
                }
                _current = reuseBuffer ? CopyToShared(sseEvent) : sseEvent.ToArray();
                _reader.AdvanceTo(buffer.Start);
                return true;
            }
            if (result.IsCompleted)
            {
                // Inspected before it is given back: the buffer is not ours after AdvanceTo.
                var cut = !IsWhitespace(buffer);
                _reader.AdvanceTo(buffer.End);
                if (cut)
                {
                    throw new IOException("The event stream ended in the middle of an event.");
                }
                return false;
            }
            if (buffer.Length > maxEventBytes)
            {
                _reader.AdvanceTo(buffer.Start, buffer.End);
                throw TooLarge();
            }
            _reader.AdvanceTo(buffer.Start, buffer.End);
        }
    }

    private ProviderException TooLarge() =>
        ProviderException.Malformed($"an event of the provider's stream is larger than {maxEventBytes} bytes (Limits:MaxStreamEventBytes)");

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
