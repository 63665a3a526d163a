using FlexiAI.Api.OpenAI;
using FlexiAI.Protocols.Anthropic;
using FlexiAI.Protocols.OpenAI;
using Microsoft.Extensions.AI;

namespace FlexiAI.Api.Translation;

/// <summary>
/// Turns a provider's <see cref="ChatResponseUpdate"/>s into OpenAI chunk events: the role first, then content
/// and tool-call deltas (in the order the provider sent them), then the finish reason, the usage chunk when the caller asked for it, and <c>[DONE]</c>.
/// </summary>
internal sealed class TranslatedEventStream : IChatEventStream
{
    private readonly IAsyncEnumerator<ChatResponseUpdate> _updates;
    private readonly bool _includeUsage;
    private readonly string _id;
    private readonly long _created;
    private readonly string _model;
    private readonly Queue<byte[]> _pending = new();
    private string? _finishReason;
    private TokenUsage? _usage;
    private bool _sourceEnded;
    private byte[] _current = [];

    /// <param name="updates">The provider's updates.</param>
    /// <param name="hasCurrent">True when <paramref name="updates"/> is already on its first update; false when it has ended.</param>
    /// <param name="model">Model reported in the chunks.</param>
    /// <param name="includeUsage">Add the usage chunk at the end.</param>
    /// <param name="time">Clock for <c>created</c>.</param>
    public TranslatedEventStream(IAsyncEnumerator<ChatResponseUpdate> updates, bool hasCurrent, string model, bool includeUsage, TimeProvider time)
    {
        _updates = updates;
        _model = model;
        _includeUsage = includeUsage;
        _id = OpenAIResponseWriter.CompletionId(null);
        _created = time.GetUtcNow().ToUnixTimeSeconds();
        _pending.Enqueue(OpenAIResponseWriter.Chunk(_id, _created, _model, "assistant", "", null));
        if (hasCurrent)
        {
            Translate(updates.Current);
        }
        else
        {
            _sourceEnded = true;
        }
    }

    public ReadOnlyMemory<byte> Current => _current;

    public bool Finished { get; private set; }

    public TokenUsage? Usage => Finished ? _usage : null;

    public async ValueTask<bool> MoveNextAsync(CancellationToken cancellationToken)
    {
        while (_pending.Count == 0)
        {
            if (Finished)
            {
                return false;
            }
            if (_sourceEnded)
            {
                EnqueueEnd();
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
        _current = _pending.Dequeue();
        return true;
    }

    private void Translate(ChatResponseUpdate update)
    {
        _finishReason = OpenAIResponseWriter.FinishReason(update.FinishReason) ?? _finishReason;
        foreach (var content in update.Contents)
        {
            switch (content)
            {
                case TextContent { Text.Length: > 0 } text:
                    _pending.Enqueue(OpenAIResponseWriter.Chunk(_id, _created, _model, null, text.Text, null));
                    break;
                case ToolCallDelta toolCall:
                    // The whole FunctionCallContent that follows the pieces is for IChatClient callers: already streamed.
                    _pending.Enqueue(OpenAIResponseWriter.Chunk(_id, _created, _model, null, null, null, toolCall: toolCall));
                    break;
                case UsageContent usage:
                    _usage = OpenAIResponseWriter.Usage(usage.Details);
                    break;
            }
        }
    }

    private void EnqueueEnd()
    {
        _pending.Enqueue(OpenAIResponseWriter.Chunk(_id, _created, _model, null, null, _finishReason ?? "stop"));
        if (_includeUsage)
        {
            _pending.Enqueue(OpenAIResponseWriter.Chunk(_id, _created, _model, null, null, null, _usage ?? new TokenUsage(0, 0)));
        }
        _pending.Enqueue(SseEvent.Done.ToArray());
        Finished = true;
    }

    public ValueTask DisposeAsync() => _updates.DisposeAsync();
}
