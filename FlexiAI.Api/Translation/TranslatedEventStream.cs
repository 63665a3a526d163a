using FlexiAI.Protocols.Anthropic;
using FlexiAI.Protocols.OpenAI;
using Microsoft.Extensions.AI;

namespace FlexiAI.Api.Translation;

/// <summary>
/// Turns a provider's <see cref="ChatResponseUpdate"/>s into OpenAI chunk events: the role first, then content
/// and tool-call deltas (in the order the provider sent them), then the finish reason, the usage chunk when the caller asked for it, and <c>[DONE]</c>.
/// </summary>
internal sealed class TranslatedEventStream : UpdateEventStream
{
    private readonly bool _includeUsage;
    private readonly string _id;
    private readonly long _created;
    private readonly string _model;
    private string? _finishReason;
    private TokenUsage? _usage;
    private string _seam;

    /// <param name="updates">The provider's updates.</param>
    /// <param name="hasCurrent">True when <paramref name="updates"/> is already on its first update; false when it has ended.</param>
    /// <param name="model">Model reported in the chunks.</param>
    /// <param name="includeUsage">Add the usage chunk at the end.</param>
    /// <param name="time">Clock for <c>created</c>.</param>
    /// <param name="seam">A continuation's <see cref="TranslatedRequest.SeamWhitespace"/>: dropped from the start of the text.</param>
    public TranslatedEventStream(IAsyncEnumerator<ChatResponseUpdate> updates, bool hasCurrent, string model, bool includeUsage, TimeProvider time,
        string seam = "")
        : base(updates, hasCurrent)
    {
        _seam = seam;
        _model = model;
        _includeUsage = includeUsage;
        _id = OpenAIResponseWriter.CompletionId(null);
        _created = time.GetUtcNow().ToUnixTimeSeconds();
        Pending.Enqueue(OpenAIResponseWriter.Chunk(_id, _created, _model, "assistant", "", null));
        if (hasCurrent)
        {
            Translate(updates.Current);
        }
    }

    public override TokenUsage? Usage => Finished ? _usage : null;

    protected override void Translate(ChatResponseUpdate update)
    {
        _finishReason = OpenAIResponseWriter.FinishReason(update.FinishReason) ?? _finishReason;
        foreach (var content in update.Contents)
        {
            switch (content)
            {
                case TextContent { Text.Length: > 0 } text:
                    if (AfterSeam(text.Text) is { Length: > 0 } rest)
                    {
                        Pending.Enqueue(OpenAIResponseWriter.Chunk(_id, _created, _model, null, rest, null));
                    }
                    break;
                case ToolCallDelta toolCall:
                    // The whole FunctionCallContent that follows the pieces is for IChatClient callers: already streamed.
                    Pending.Enqueue(OpenAIResponseWriter.Chunk(_id, _created, _model, null, null, null, toolCall: toolCall));
                    break;
                case UsageContent usage:
                    _usage = OpenAIResponseWriter.Usage(usage.Details);
                    break;
            }
        }
    }

    /// <summary>The text without the part of the seam it starts with; the seam ends at the first text that differs from it.</summary>
    private string AfterSeam(string text)
    {
        if (_seam.Length == 0)
        {
            return text;
        }
        var same = 0;
        while (same < text.Length && same < _seam.Length && text[same] == _seam[same])
        {
            same++;
        }
        _seam = same == text.Length ? _seam[same..] : "";
        return text[same..];
    }

    protected override void EnqueueEnd()
    {
        Pending.Enqueue(OpenAIResponseWriter.Chunk(_id, _created, _model, null, null, _finishReason ?? "stop"));
        if (_includeUsage)
        {
            Pending.Enqueue(OpenAIResponseWriter.Chunk(_id, _created, _model, null, null, null, _usage ?? new TokenUsage(0, 0)));
        }
        Pending.Enqueue(SseEvent.Done.ToArray());
    }
}
