using FlexiAI.Api.OpenAI;
using FlexiAI.Http;

namespace FlexiAI.Api.PassThrough;

/// <summary>A provider's own OpenAI event stream, forwarded event by event as it arrives.</summary>
internal sealed class PassThroughEventStream(HttpResponseMessage response, SseEventReader reader) : IChatEventStream
{
    public ReadOnlyMemory<byte> Current => reader.Current;

    public bool Finished { get; private set; }

    public TokenUsage? Usage { get; private set; }

    public async ValueTask<bool> MoveNextAsync(CancellationToken cancellationToken)
    {
        if (Finished || !await reader.MoveNextAsync(cancellationToken).ConfigureAwait(false))
        {
            return false;
        }
        var current = reader.Current.Span;
        Finished = SseEvent.IsDone(current);
        // Only the usage chunk (sent when the caller asked with stream_options.include_usage) is parsed, and only once.
        if (Usage is null && current.IndexOf("\"usage\":{"u8) >= 0 && ResponseInspector.TryInspect(SseEvent.Data(current), out var usage))
        {
            Usage = usage;
        }
        return true;
    }

    public async ValueTask DisposeAsync()
    {
        await reader.DisposeAsync().ConfigureAwait(false);
        response.Dispose();
    }
}
