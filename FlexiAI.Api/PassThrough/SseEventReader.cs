using System.Buffers;
using System.IO.Pipelines;

namespace FlexiAI.Api.PassThrough;

/// <summary>
/// Splits a server-sent event stream into whole events (each ending with a blank line) without interpreting
/// them, so they can be forwarded byte for byte. Accepts LF and CRLF line ends.
/// </summary>
internal sealed class SseEventReader(Stream stream) : IAsyncDisposable
{
    private readonly PipeReader _reader = PipeReader.Create(stream, new StreamPipeReaderOptions(bufferSize: 16 * 1024));
    private byte[] _current = [];

    public ReadOnlyMemory<byte> Current => _current;

    /// <summary>False at a clean end of stream. Throws <see cref="IOException"/> when it ends inside an event.</summary>
    public async ValueTask<bool> MoveNextAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var result = await _reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            var buffer = result.Buffer;
            if (TryReadEvent(ref buffer, out var sseEvent))
            {
                _current = sseEvent;
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

    private static bool TryReadEvent(ref ReadOnlySequence<byte> buffer, out byte[] sseEvent)
    {
        var reader = new SequenceReader<byte>(buffer);
        while (reader.TryAdvanceTo((byte)'\n', advancePastDelimiter: true))
        {
            // A blank line ends the event: "\n\n" or "\n\r\n".
            if (reader.IsNext((byte)'\n', advancePast: true) || reader.IsNext("\r\n"u8, advancePast: true))
            {
                var end = reader.Position;
                sseEvent = buffer.Slice(0, end).ToArray();
                buffer = buffer.Slice(end);
                return true;
            }
        }
        sseEvent = [];
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

    public async ValueTask DisposeAsync() => await _reader.CompleteAsync().ConfigureAwait(false);
}
