using System.Buffers;
using FlexiAI.Api.OpenAI;
using FlexiAI.Http;
using FlexiAI.Protocols.OpenAI;
using FlexiAI.Routing;

namespace FlexiAI.Api.PassThrough;

/// <summary>
/// A provider's own OpenAI event stream, forwarded event by event as it arrives. Comments (<c>: keep-alive</c>) and
/// events without data are forwarded as received but never stand for the first event: they are held until the
/// first event with data, and come out with it (their bytes first) as one <see cref="Current"/>.
/// </summary>
/// <param name="responsesApi">A Responses API stream: it ends with its terminal event (<see cref="ResponsesStreamEvents"/>), not <c>[DONE]</c>.</param>
internal sealed class PassThroughEventStream(HttpResponseMessage response, SseEventReader reader, int maxEventBytes, bool responsesApi = false)
    : IChatEventStream
{
    private bool _started;
    private ReadOnlyMemory<byte> _current;

    public ReadOnlyMemory<byte> Current => _current;

    public bool Finished { get; private set; }

    public TokenUsage? Usage { get; private set; }

    public IReadOnlyList<KeyValuePair<string, string>>? ProviderHeaders { get; } = ProviderResponseHeaders.Capture(response);

    public async ValueTask<bool> MoveNextAsync(CancellationToken cancellationToken)
    {
        if (Finished || !await reader.MoveNextAsync(cancellationToken).ConfigureAwait(false))
        {
            return false;
        }
        _current = reader.Current;
        if (!_started)
        {
            _current = await ReadFirstEventAsync(cancellationToken).ConfigureAwait(false);
            _started = true;
        }
        var current = _current.Span;
        if (responsesApi)
        {
            Finished = ResponsesStreamEvents.IsTerminal(current, out var final);
            Usage ??= final;
            return true;
        }
        Finished = SseEvent.IsDone(current);
        // Only the usage chunk (sent when the caller asked with stream_options.include_usage) is parsed, and only once.
        if (Usage is null && current.IndexOf("\"usage\":{"u8) >= 0 && ResponseInspector.TryInspect(SseEvent.Data(current), out var usage))
        {
            Usage = usage;
        }
        return true;
    }

    /// <summary>Reads on until an event with data; returns the events before it and it, as received.</summary>
    private async ValueTask<ReadOnlyMemory<byte>> ReadFirstEventAsync(CancellationToken cancellationToken)
    {
        if (!SseEvent.Data(reader.Current.Span).IsEmpty)
        {
            return reader.Current;
        }
        var leading = new ArrayBufferWriter<byte>();
        do
        {
            leading.Write(reader.Current.Span);
            if (leading.WrittenCount > maxEventBytes)
            {
                throw ProviderException.Malformed($"the provider sent more than {maxEventBytes} bytes before its first event (Limits:MaxStreamEventBytes)");
            }
            if (!await reader.MoveNextAsync(cancellationToken).ConfigureAwait(false))
            {
                throw new ProviderException(new ProviderFailure(FailureKind.Connection, null, null, "stream ended before its first event"));
            }
        }
        while (SseEvent.Data(reader.Current.Span).IsEmpty);
        leading.Write(reader.Current.Span);
        return leading.WrittenMemory;
    }

    public async ValueTask DisposeAsync()
    {
        await reader.DisposeAsync().ConfigureAwait(false);
        response.Dispose();
    }
}
