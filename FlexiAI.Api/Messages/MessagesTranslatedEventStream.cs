using FlexiAI.Api.Translation;
using FlexiAI.Protocols;
using FlexiAI.Protocols.OpenAI;
using Microsoft.Extensions.AI;

namespace FlexiAI.Api.Messages;

/// <summary>
/// Turns an OpenAI-protocol provider's <see cref="ChatResponseUpdate"/>s into the Messages API's event sequence:
/// <c>message_start</c>; per content block (text, then each tool call in the order answered)
/// <c>content_block_start</c>, its <c>content_block_delta</c>s (<c>text_delta</c>, <c>input_json_delta</c>) and
/// <c>content_block_stop</c>; then <c>message_delta</c> with <c>stop_reason</c> and usage, and <c>message_stop</c>.
/// A tool call arrives whole from the OpenAI client, so its input is one <c>input_json_delta</c>.
/// </summary>
internal sealed class MessagesTranslatedEventStream : UpdateEventStream
{
    private ChatFinishReason? _finishReason;
    private TokenUsage? _usage;
    private int _blockIndex = -1;
    private bool _textBlockOpen;

    /// <param name="updates">The provider's updates.</param>
    /// <param name="hasCurrent">True when <paramref name="updates"/> is already on its first update; false when it has ended.</param>
    /// <param name="model">Model reported in <c>message_start</c>.</param>
    public MessagesTranslatedEventStream(IAsyncEnumerator<ChatResponseUpdate> updates, bool hasCurrent, string model)
        : base(updates, hasCurrent)
    {
        Pending.Enqueue(MessagesResponseWriter.MessageStart(MessagesResponseWriter.MessageId(hasCurrent ? updates.Current.ResponseId : null), model));
        if (hasCurrent)
        {
            Translate(updates.Current);
        }
    }

    public override TokenUsage? Usage => Finished ? _usage : null;

    protected override void Translate(ChatResponseUpdate update)
    {
        _finishReason = update.FinishReason ?? _finishReason;
        foreach (var content in update.Contents)
        {
            switch (content)
            {
                case TextContent { Text.Length: > 0 } text:
                    if (!_textBlockOpen)
                    {
                        Pending.Enqueue(MessagesResponseWriter.TextBlockStart(++_blockIndex));
                        _textBlockOpen = true;
                    }
                    Pending.Enqueue(MessagesResponseWriter.TextDelta(_blockIndex, text.Text));
                    break;
                case FunctionCallContent call:
                    CloseTextBlock();
                    Pending.Enqueue(MessagesResponseWriter.ToolUseBlockStart(++_blockIndex, call));
                    Pending.Enqueue(MessagesResponseWriter.InputJsonDelta(_blockIndex, ToolCallArguments.Json(call.Arguments)));
                    Pending.Enqueue(MessagesResponseWriter.BlockStop(_blockIndex));
                    _finishReason ??= ChatFinishReason.ToolCalls;
                    break;
                case UsageContent usage:
                    _usage = OpenAIResponseWriter.Usage(usage.Details);
                    break;
            }
        }
    }

    private void CloseTextBlock()
    {
        if (_textBlockOpen)
        {
            Pending.Enqueue(MessagesResponseWriter.BlockStop(_blockIndex));
            _textBlockOpen = false;
        }
    }

    protected override void EnqueueEnd()
    {
        CloseTextBlock();
        Pending.Enqueue(MessagesResponseWriter.MessageDelta(MessagesResponseWriter.StopReason(_finishReason), _usage ?? new TokenUsage(0, 0)));
        Pending.Enqueue(MessagesResponseWriter.MessageStop());
    }
}
