namespace FlexiAI.Api.Caching;

/// <summary>
/// The API an entry answers, part of its key (<see cref="CanonicalRequest"/>): a Messages answer is never served to a
/// Chat Completions request, nor the reverse, even for the same body.
/// </summary>
internal enum CachedApi
{
    /// <summary><c>POST /v1/chat/completions</c>: whole <c>chat.completion</c> bodies, streams ending with <c>[DONE]</c>.</summary>
    ChatCompletions,

    /// <summary><c>POST /v1/messages</c>: whole <c>message</c> bodies, streams ending with <c>message_stop</c>.</summary>
    Messages,
}
