using FlexiAI.Api.OpenAI;

namespace FlexiAI.Api.PassThrough;

/// <summary>A provider's own OpenAI event stream, forwarded event by event as it arrives.</summary>
internal sealed class PassThroughEventStream(HttpResponseMessage response, SseEventReader reader) : IChatEventStream
{
    public ReadOnlyMemory<byte> Current => reader.Current;

    public bool Finished { get; private set; }

    public async ValueTask<bool> MoveNextAsync(CancellationToken cancellationToken)
    {
        if (Finished || !await reader.MoveNextAsync(cancellationToken).ConfigureAwait(false))
        {
            return false;
        }
        Finished = SseEvent.IsDone(reader.Current.Span);
        return true;
    }

    public async ValueTask DisposeAsync()
    {
        await reader.DisposeAsync().ConfigureAwait(false);
        response.Dispose();
    }
}
