using System.Text.Json;
using FlexiAI.Http;
using FlexiAI.Routing;
using Microsoft.Extensions.AI;

namespace FlexiAI.Protocols.Anthropic;

/// <summary>
/// Reads a Messages API event stream one event at a time into <see cref="ChatResponseUpdate"/>s, as the SDK's client
/// reported them: an update on <c>message_start</c> (id and model, no content), one per <c>text_delta</c>, and on
/// <c>message_stop</c> a last one with the finish reason and the usage. A <c>tool_use</c> block streams as
/// <see cref="ToolCallDelta"/>s (its start, then each <c>input_json_delta</c>) and ends, on its <c>content_block_stop</c>,
/// with the whole <see cref="FunctionCallContent"/>; the structured-output tool's input streams as text instead.
/// <c>ping</c>, other block starts and stops and events it does not know are read past; an <c>error</c> event throws.
/// </summary>
internal sealed class AnthropicStreamReader(string requestedModel, bool structuredOutput = false)
{
    private const string TextDelta = "text_delta";
    private const string InputJsonDelta = "input_json_delta";

    private readonly AnthropicToolStream _tools = new(structuredOutput);

    private string? _id;
    private string? _model;
    private ChatFinishReason? _finishReason;
    private AnthropicUsage _usage;

    /// <summary><c>message_stop</c> has been read: the answer is complete.</summary>
    public bool Completed { get; private set; }

    /// <summary>The update an event stands for, or null when it stands for none.</summary>
    /// <exception cref="ProviderException">The event is not valid JSON (malformed), or it is an <c>error</c> event.</exception>
    public ChatResponseUpdate? Read(ReadOnlySpan<byte> sseEvent)
    {
        var data = SseEventReader.Data(sseEvent);
        if (data.IsEmpty)
        {
            return null; // a comment or keep-alive
        }
        try
        {
            return Parse(data);
        }
        catch (Exception exception) when (exception is JsonException or InvalidOperationException)
        {
            throw ProviderException.Malformed("an event of the provider's stream is not valid Anthropic JSON", exception);
        }
    }

    private ChatResponseUpdate? Parse(ReadOnlySpan<byte> data)
    {
        var reader = AnthropicWire.OpenObject(data);
        var type = EventType.Other;
        string? detailType = null;
        string? text = null;
        (string? Type, string? Id, string? Name) block = default;
        while (AnthropicWire.NextProperty(ref reader))
        {
            if (AnthropicWire.IsProperty(ref reader, "type"u8))
            {
                type = ReadType(ref reader);
            }
            else if (AnthropicWire.IsProperty(ref reader, "message"u8))
            {
                ReadMessage(ref reader);
            }
            else if (AnthropicWire.IsProperty(ref reader, "delta"u8) || AnthropicWire.IsProperty(ref reader, "error"u8))
            {
                ReadDetail(ref reader, out detailType, out text);
            }
            else if (AnthropicWire.IsProperty(ref reader, "content_block"u8))
            {
                block = AnthropicToolStream.ReadBlock(ref reader);
            }
            else if (AnthropicWire.IsProperty(ref reader, "usage"u8))
            {
                _usage.Read(ref reader);
            }
            else
            {
                AnthropicWire.SkipProperty(ref reader);
            }
        }
        AnthropicWire.CloseObject(ref reader);

        switch (type)
        {
            case EventType.MessageStart:
                return Update(null);
            case EventType.ContentBlockDelta when detailType == TextDelta && text is not null:
                return Update([new TextContent(text)]);
            case EventType.ContentBlockDelta when detailType == InputJsonDelta && text is not null:
                return _tools.Fragment(text) is { } fragment ? Update([fragment]) : null;
            case EventType.ContentBlockStart when block.Type == "tool_use":
                return _tools.Start(block.Id, block.Name) is { } start ? Update([start]) : null;
            case EventType.ContentBlockStop:
                return _tools.Stop() is { } call ? Update([call]) : null;
            case EventType.MessageStop:
                Completed = true;
                return Update(_usage.Seen ? [new UsageContent(_usage.ToDetails())] : null);
            case EventType.Error:
                throw StreamError(detailType, data);
            default:
                return null;
        }
    }

    private ChatResponseUpdate Update(IList<AIContent>? contents) => new(ChatRole.Assistant, contents)
    {
        CreatedAt = DateTimeOffset.UtcNow,
        FinishReason = _finishReason,
        MessageId = _id,
        ModelId = _model ?? requestedModel,
        ResponseId = _id,
    };

    private static EventType ReadType(ref Utf8JsonReader reader) =>
        reader.ValueTextEquals("content_block_delta"u8) ? EventType.ContentBlockDelta
        : reader.ValueTextEquals("content_block_start"u8) ? EventType.ContentBlockStart
        : reader.ValueTextEquals("content_block_stop"u8) ? EventType.ContentBlockStop
        : reader.ValueTextEquals("message_start"u8) ? EventType.MessageStart
        : reader.ValueTextEquals("message_stop"u8) ? EventType.MessageStop
        : reader.ValueTextEquals("error"u8) ? EventType.Error
        : EventType.Other; // ping, message_delta (read for its fields), newer events

    /// <summary><c>message_start</c>'s message: its id, model and first usage.</summary>
    private void ReadMessage(ref Utf8JsonReader reader)
    {
        if (!AnthropicWire.EntersObject(ref reader))
        {
            return;
        }
        while (AnthropicWire.NextProperty(ref reader))
        {
            if (!AnthropicWire.ReadMessageField(ref reader, requestedModel, ref _id, ref _model, ref _usage))
            {
                AnthropicWire.SkipProperty(ref reader);
            }
        }
    }

    /// <summary>
    /// A <c>delta</c> or an <c>error</c>: its <c>type</c> (<see cref="TextDelta"/> itself for a text delta; an error's
    /// type), its <c>text</c> (only text deltas have one), and the message's <c>stop_reason</c> (kept).
    /// </summary>
    private void ReadDetail(ref Utf8JsonReader reader, out string? type, out string? text)
    {
        type = null;
        text = null;
        if (!AnthropicWire.EntersObject(ref reader))
        {
            return;
        }
        while (AnthropicWire.NextProperty(ref reader))
        {
            if (AnthropicWire.IsProperty(ref reader, "type"u8))
            {
                type = AnthropicWire.ReadString(ref reader, TextDelta) is var value && value == InputJsonDelta ? InputJsonDelta : value;
            }
            else if (AnthropicWire.IsProperty(ref reader, "text"u8) || AnthropicWire.IsProperty(ref reader, "partial_json"u8))
            {
                text = AnthropicWire.ReadString(ref reader);
            }
            else if (AnthropicWire.IsProperty(ref reader, "stop_reason"u8))
            {
                _finishReason = AnthropicWire.ReadFinishReason(ref reader, structuredOutput);
            }
            else
            {
                AnthropicWire.SkipProperty(ref reader);
            }
        }
    }

    /// <summary>An <c>error</c> event, as the HTTP status the same error has when it comes before the stream.</summary>
    private static ProviderException StreamError(string? errorType, ReadOnlySpan<byte> data)
    {
        var status = errorType switch
        {
            "overloaded_error" => 529,
            "rate_limit_error" => 429,
            "timeout_error" => 504,
            "invalid_request_error" => 400,
            "authentication_error" => 401,
            "billing_error" => 402,
            "permission_error" => 403,
            "not_found_error" => 404,
            "request_too_large" => 413,
            _ => 500, // api_error and errors newer than this client
        };
        var failure = ProviderFailure.FromAnswer((System.Net.HttpStatusCode)status, null, data);
        return new ProviderException(failure with { Description = $"error event ({failure.Description})" }, data.ToArray(), "application/json");
    }

    private enum EventType
    {
        Other,
        MessageStart,
        ContentBlockDelta,
        ContentBlockStart,
        ContentBlockStop,
        MessageStop,
        Error,
    }
}
