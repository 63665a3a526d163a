using System.Buffers;
using FlexiAI.Api.Messages;
using FlexiAI.Api.OpenAI;
using FlexiAI.Protocols.OpenAI;

namespace FlexiAI.Api.Caching;

/// <summary>
/// Passes a stream's events through unchanged and keeps a copy; when its final event is read (<c>[DONE]</c>, or
/// <c>message_stop</c> for the Messages API), the whole stream goes to the store, which is awaited before that event is
/// handed on to the caller. A stream that breaks, ends without its final event, carries an error event or grows past the
/// limit is never stored.
/// </summary>
internal sealed class CachingEventStream : IChatEventStream
{
    private readonly IChatEventStream _inner;
    private readonly int _maxBytes;
    private readonly Func<ReadOnlyMemory<byte>, Task> _store;
    private readonly bool _messages;
    private ArrayBufferWriter<byte>? _copy;

    /// <param name="inner">The provider's stream, positioned on its first event.</param>
    /// <param name="maxBytes">Largest stream kept.</param>
    /// <param name="store">Stores the whole stream (called once; must not throw).</param>
    /// <param name="api">Whose events the stream carries (what its final and error events look like).</param>
    public CachingEventStream(IChatEventStream inner, int maxBytes, Func<ReadOnlyMemory<byte>, Task> store, CachedApi api)
    {
        _inner = inner;
        _maxBytes = maxBytes;
        _store = store;
        _messages = api == CachedApi.Messages;
        _copy = new ArrayBufferWriter<byte>(4096);
        Keep(inner.Current.Span);
    }

    public ReadOnlyMemory<byte> Current => _inner.Current;

    public bool Finished => _inner.Finished;

    public TokenUsage? Usage => _inner.Usage;

    public IReadOnlyList<KeyValuePair<string, string>>? ProviderHeaders => _inner.ProviderHeaders;

    public async ValueTask<bool> MoveNextAsync(CancellationToken cancellationToken)
    {
        if (!await _inner.MoveNextAsync(cancellationToken).ConfigureAwait(false))
        {
            return false;
        }
        if (Keep(_inner.Current.Span) is { } complete)
        {
            await _store(complete).ConfigureAwait(false);
        }
        return true;
    }

    /// <summary>Copies one event; returns the whole stream once its final event has been copied.</summary>
    private ReadOnlyMemory<byte>? Keep(ReadOnlySpan<byte> sseEvent)
    {
        if (_copy is null)
        {
            return null;
        }
        var data = SseEvent.Data(sseEvent);
        if (_copy.WrittenCount + sseEvent.Length > _maxBytes || (_messages ? AnthropicEventData.IsError(data) : data.StartsWith("{\"error\""u8)))
        {
            _copy = null;
            return null;
        }
        _copy.Write(sseEvent);
        if (!(_messages ? AnthropicEventData.IsMessageStop(data) : data.SequenceEqual("[DONE]"u8)))
        {
            return null;
        }
        var complete = _copy.WrittenMemory;
        _copy = null;
        return complete;
    }

    public ValueTask DisposeAsync() => _inner.DisposeAsync();
}
