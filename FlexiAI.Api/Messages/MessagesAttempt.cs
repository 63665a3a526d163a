using FlexiAI.Api.OpenAI;
using FlexiAI.Protocols.OpenAI;
using FlexiAI.Routing;

namespace FlexiAI.Api.Messages;

/// <summary>
/// What one attempt of a Messages request does (the router's state for every attempt): pass-through to an
/// Anthropic-protocol provider, translation to an OpenAI-protocol one (the request translated once, before routing).
/// </summary>
internal sealed class MessagesAttempt(ReadOnlyMemory<byte> body, MessagesRequestInfo info, MessagesTranslatedRequest? translated, AnthropicHeaders headers)
{
    public static Task<CompletionPayload> CompleteAsync(AttemptContext attempt, MessagesAttempt request) => request.Complete(attempt);

    public static Task<IChatEventStream> OpenStreamAsync(AttemptContext attempt, MessagesAttempt request) => request.OpenStream(attempt);

    /// <summary>A <c>count_tokens</c> attempt: only Anthropic-protocol providers are on its route.</summary>
    public static Task<CompletionPayload> CountTokensAsync(AttemptContext attempt, MessagesAttempt request) => request.CountTokens(attempt);

    private Task<CompletionPayload> CountTokens(AttemptContext attempt) =>
        MessagesPassThroughClient.CompleteAsync(attempt, body, info, headers, attempt.Provider.CountTokensUri);

    // Answers and opened streams go to the router, which hands them to the response writer or disposes them when the
    // attempt loses.
#pragma warning disable CA2000
    private Task<CompletionPayload> Complete(AttemptContext attempt) =>
        attempt.Provider.SpeaksAnthropic
            ? MessagesPassThroughClient.CompleteAsync(attempt, body, info, headers)
            : MessagesTranslationClient.CompleteAsync(attempt, Translated());

    private Task<IChatEventStream> OpenStream(AttemptContext attempt) =>
        attempt.Provider.SpeaksAnthropic
            ? MessagesPassThroughClient.OpenStreamAsync(attempt, body, info, headers)
            : MessagesTranslationClient.OpenStreamAsync(attempt, Translated());
#pragma warning restore CA2000

    private MessagesTranslatedRequest Translated() =>
        translated ?? throw new InvalidOperationException("An OpenAI-protocol provider is on a route whose Messages request was not translated.");
}
