using FlexiAI.Api.Translation;
using FlexiAI.Protocols;
using FlexiAI.Protocols.OpenAI;
using Microsoft.Extensions.AI;
using OpenAI.Chat;
using ChatFinishReason = Microsoft.Extensions.AI.ChatFinishReason;

namespace FlexiAI.Api.Messages;

/// <summary>
/// Turns an OpenAI-protocol provider's <see cref="ChatResponseUpdate"/>s into the Messages API's event sequence:
/// <c>message_start</c>; per content block (text, then each tool call in the order answered)
/// <c>content_block_start</c>, its <c>content_block_delta</c>s (<c>text_delta</c>, <c>input_json_delta</c>) and
/// <c>content_block_stop</c>; then <c>message_delta</c> with <c>stop_reason</c> and usage, and <c>message_stop</c>.
/// A tool call's input streams as it arrives: each argument fragment the OpenAI-protocol provider sends (read from the
/// OpenAI client's raw update, <see cref="StreamingChatCompletionUpdate.ToolCallUpdates"/>) is one
/// <c>input_json_delta</c>, and the call the client hands over whole at the end only closes its block. A call that
/// arrives whole without fragments (another client, or no id and name on its first fragment) is one
/// <c>input_json_delta</c> with the whole input.
/// </summary>
internal sealed class MessagesTranslatedEventStream : UpdateEventStream
{
    private ChatFinishReason? _finishReason;
    private TokenUsage? _usage;
    private int _blockIndex = -1;
    private bool _textBlockOpen;

    /// <summary>The provider's index of the tool call whose block is open, or -1.</summary>
    private int _openToolCall = -1;

    /// <summary>Ids of the calls streamed fragment by fragment (their whole form at the end is not sent again).</summary>
    private HashSet<string>? _streamedCalls;

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
        if (update.RawRepresentation is StreamingChatCompletionUpdate { ToolCallUpdates.Count: > 0 } raw)
        {
            foreach (var fragment in raw.ToolCallUpdates)
            {
                StreamToolCall(fragment);
            }
        }
        foreach (var content in update.Contents)
        {
            switch (content)
            {
                case TextContent { Text.Length: > 0 } text:
                    CloseToolBlock();
                    if (!_textBlockOpen)
                    {
                        Pending.Enqueue(MessagesResponseWriter.TextBlockStart(++_blockIndex));
                        _textBlockOpen = true;
                    }
                    Pending.Enqueue(MessagesResponseWriter.TextDelta(_blockIndex, text.Text));
                    break;
                case FunctionCallContent call when _streamedCalls?.Contains(call.CallId) == true:
                    CloseToolBlock();
                    break;
                case FunctionCallContent call:
                    CloseTextBlock();
                    CloseToolBlock();
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

    /// <summary>
    /// One fragment of a streamed tool call: the first of a call (it carries the id and name) opens its <c>tool_use</c>
    /// block, and every piece of its arguments is an <c>input_json_delta</c> at once.
    /// </summary>
    private void StreamToolCall(StreamingChatToolCallUpdate fragment)
    {
        if (fragment.Index != _openToolCall)
        {
            if (fragment.ToolCallId is not { Length: > 0 } id || fragment.FunctionName is not { Length: > 0 } name)
            {
                return; // cannot be opened: the whole call comes at the end
            }
            CloseTextBlock();
            CloseToolBlock();
            Pending.Enqueue(MessagesResponseWriter.ToolUseBlockStart(++_blockIndex, new FunctionCallContent(id, name)));
            (_streamedCalls ??= []).Add(id);
            _openToolCall = fragment.Index;
            _finishReason ??= ChatFinishReason.ToolCalls;
        }
        if (fragment.FunctionArgumentsUpdate is { } arguments && !arguments.ToMemory().IsEmpty)
        {
            Pending.Enqueue(MessagesResponseWriter.InputJsonDelta(_blockIndex, arguments.ToString()));
        }
    }

    private void CloseToolBlock()
    {
        if (_openToolCall >= 0)
        {
            Pending.Enqueue(MessagesResponseWriter.BlockStop(_blockIndex));
            _openToolCall = -1;
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
        CloseToolBlock();
        Pending.Enqueue(MessagesResponseWriter.MessageDelta(MessagesResponseWriter.StopReason(_finishReason), _usage ?? new TokenUsage(0, 0)));
        Pending.Enqueue(MessagesResponseWriter.MessageStop());
    }
}
