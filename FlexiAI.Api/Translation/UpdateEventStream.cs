using FlexiAI.Api.OpenAI;
using FlexiAI.Protocols.OpenAI;
using Microsoft.Extensions.AI;

namespace FlexiAI.Api.Translation;

/// <summary>
/// An event stream written from a provider's <see cref="ChatResponseUpdate"/>s: each update becomes zero or more events
/// (queued by <see cref="Translate"/>), and the end of the updates the closing events (<see cref="EnqueueEnd"/>).
/// The OpenAI chunks (<see cref="TranslatedEventStream"/>) and the Messages API's events both are one.
/// </summary>
internal abstract class UpdateEventStream : IChatEventStream
{
    private readonly IAsyncEnumerator<ChatResponseUpdate> _updates;
    private bool _sourceEnded;
    private byte[] _current = [];

    /// <param name="updates">The provider's updates.</param>
    /// <param name="hasCurrent">True when <paramref name="updates"/> is already on its first update; false when it has ended.</param>
    protected UpdateEventStream(IAsyncEnumerator<ChatResponseUpdate> updates, bool hasCurrent)
    {
        _updates = updates;
        _sourceEnded = !hasCurrent;
    }

    /// <summary>Events waiting to be read, in order.</summary>
    protected Queue<byte[]> Pending { get; } = new();

    public ReadOnlyMemory<byte> Current => _current;

    public bool Finished { get; protected set; }

    public abstract TokenUsage? Usage { get; }

    public async ValueTask<bool> MoveNextAsync(CancellationToken cancellationToken)
    {
        while (Pending.Count == 0)
        {
            if (Finished)
            {
                return false;
            }
            if (_sourceEnded)
            {
                EnqueueEnd();
                Finished = true;
                break;
            }
            if (await _updates.MoveNextAsync().ConfigureAwait(false))
            {
                Translate(_updates.Current);
            }
            else
            {
                _sourceEnded = true;
            }
        }
        _current = Pending.Dequeue();
        return true;
    }

    /// <summary>Queues the events an update stands for.</summary>
    protected abstract void Translate(ChatResponseUpdate update);

    /// <summary>Queues the events that close the stream.</summary>
    protected abstract void EnqueueEnd();

    public ValueTask DisposeAsync() => _updates.DisposeAsync();
}
