using FlexiAI.Api.Caching;
using FlexiAI.Api.OpenAI;
using FlexiAI.Protocols.OpenAI;
using FlexiAI.Providers;
using FlexiAI.Routing;

namespace FlexiAI.Api.Messages;

/// <summary>
/// What one attempt of a Messages request does (the router's state for every attempt): pass-through to an
/// Anthropic-protocol provider, translation to an OpenAI-protocol one (the request translated once, before routing).
/// </summary>
/// <param name="model">The model a <c>provider/model</c> request named (<see cref="ProviderRoute.Model"/>); null: each provider's own.</param>
/// <param name="cacheEntry">Where a complete stream is stored, when the request may be cached.</param>
internal sealed class MessagesAttempt(ReadOnlyMemory<byte> body, MessagesRequestInfo info, MessagesTranslatedRequest? translated, AnthropicHeaders headers,
    string? model, MessagesCacheEntry? cacheEntry)
{
    public static Task<CompletionPayload> CompleteAsync(AttemptContext attempt, MessagesAttempt request) => request.Complete(attempt);

    public static Task<IChatEventStream> OpenStreamAsync(AttemptContext attempt, MessagesAttempt request) => request.OpenStream(attempt);

    /// <summary>A <c>count_tokens</c> attempt: only Anthropic-protocol providers are on its route.</summary>
    public static Task<CompletionPayload> CountTokensAsync(AttemptContext attempt, MessagesAttempt request) => request.CountTokens(attempt);

    private Task<CompletionPayload> CountTokens(AttemptContext attempt) =>
        MessagesPassThroughClient.CompleteAsync(attempt, body, info, headers, model ?? attempt.Provider.Model, attempt.Provider.CountTokensUri);

    // Answers and opened streams go to the router, which hands them to the response writer or disposes them when the
    // attempt loses.
#pragma warning disable CA2000
    private Task<CompletionPayload> Complete(AttemptContext attempt) =>
        attempt.Provider.SpeaksAnthropic
            ? MessagesPassThroughClient.CompleteAsync(attempt, body, info, headers, model ?? attempt.Provider.Model)
            : MessagesTranslationClient.CompleteAsync(attempt, Translated());

    private Task<IChatEventStream> OpenStream(AttemptContext attempt)
    {
        var opening = attempt.Provider.SpeaksAnthropic
            ? MessagesPassThroughClient.OpenStreamAsync(attempt, body, info, headers, model ?? attempt.Provider.Model)
            : MessagesTranslationClient.OpenStreamAsync(attempt, Translated());
        return cacheEntry is not { } entry ? opening
            : entry.Cache.KeepStreamAsync(opening, entry.Key, CacheEntryKind.Sse, attempt.Provider.Name, entry.Ttl, CachedApi.Messages);
    }
#pragma warning restore CA2000

    private MessagesTranslatedRequest Translated() =>
        translated ?? throw new InvalidOperationException("An OpenAI-protocol provider is on a route whose Messages request was not translated.");
}
