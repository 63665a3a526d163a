using FlexiAI.Api.Messages;
using FlexiAI.Protocols.OpenAI;
using FlexiAI.Routing;

namespace FlexiAI.Api.Apis;

/// <summary>
/// How an API's stream ends: the event a whole answer closes with, and the error event that tells the caller it broke
/// after it started (never a silent truncation).
/// </summary>
/// <param name="FinalEvent">Named in the failure when a stream stops without it.</param>
/// <param name="ErrorEvent">The error event for a message.</param>
internal sealed record StreamEnding(string FinalEvent, Func<string, byte[]> ErrorEvent)
{
    /// <summary>Chat Completions: <c>[DONE]</c>, OpenAI's error event.</summary>
    public static readonly StreamEnding ChatCompletions = new("[DONE]", message => SseEvent.Error(message, "stream_interrupted"));

    /// <summary>The Responses API: its closing event, that API's <c>error</c> event.</summary>
    public static readonly StreamEnding Responses = new("its final event", message => ResponsesStreamEvents.Error(message, "stream_interrupted"));

    /// <summary>The Messages API: <c>message_stop</c>, Anthropic's <c>event: error</c>.</summary>
    public static readonly StreamEnding Messages = new("message_stop", AnthropicErrorWriter.ErrorEvent);

    /// <summary>The failure of a stream that stopped without <see cref="FinalEvent"/>.</summary>
    public ProviderFailure EndedEarly { get; } = new(FailureKind.StreamInterrupted, null, null, $"stream ended without {FinalEvent}");
}
