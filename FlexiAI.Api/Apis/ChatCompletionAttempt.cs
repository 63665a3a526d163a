using FlexiAI.Api.Caching;
using FlexiAI.Api.OpenAI;
using FlexiAI.Api.PassThrough;
using FlexiAI.Api.Translation;
using FlexiAI.Protocols.OpenAI;
using FlexiAI.Providers;
using FlexiAI.Routing;

namespace FlexiAI.Api.Apis;

/// <summary>
/// What one attempt of a chat completion does, given the request (the router's state for every attempt): pass-through to
/// an OpenAI-compatible provider, translation to any other (the request translated once, before routing, by the caller);
/// a stream is wrapped to be kept in the response cache when the request may be stored.
/// </summary>
internal sealed class ChatCompletionAttempt(ReadOnlyMemory<byte> body, ChatRequestInfo info, ProviderRoute route, TranslatedRequest? translated,
    GatewayServices services, ResponseCache cache, string? storeKey, TimeSpan cacheTtl)
{
    /// <summary>A non-streaming attempt (static, with the request as the router's state: no closure per request).</summary>
    public static Task<CompletionPayload> CompleteAsync(AttemptContext attempt, ChatCompletionAttempt request) => request.Complete(attempt);

    /// <summary>A streaming attempt: returns once the first event has arrived.</summary>
    public static Task<IChatEventStream> OpenStreamAsync(AttemptContext attempt, ChatCompletionAttempt request) => request.OpenStream(attempt);

    private Task<CompletionPayload> Complete(AttemptContext attempt) =>
        attempt.Provider.SpeaksOpenAI
            ? PassThroughClient.CompleteAsync(attempt, PassThrough, route.ModelFor(attempt.Provider))
            : TranslationClient.CompleteAsync(attempt, Translated(), services.Time);

    // The opened stream goes to the router, which hands it to the response writer or disposes it when the attempt loses.
#pragma warning disable CA2000
    private Task<IChatEventStream> OpenStream(AttemptContext attempt)
    {
        var opening = attempt.Provider.SpeaksOpenAI
            ? PassThroughClient.OpenStreamAsync(attempt, PassThrough, route.ModelFor(attempt.Provider))
            : TranslationClient.OpenStreamAsync(attempt, Translated(), info.IncludeUsage, services.Time);
        return storeKey is null ? opening : cache.KeepStreamAsync(opening, storeKey,
            info.IncludeUsage ? CacheEntryKind.SseWithUsage : CacheEntryKind.Sse, attempt.Provider.Name, cacheTtl, CachedApi.ChatCompletions);
    }
#pragma warning restore CA2000

    private PassThroughRequest PassThrough => new(body, info.ModelStart, info.ModelEnd, PassThroughApi.ChatCompletions);

    /// <summary>The request as translated before routing (only routes with a provider of another protocol have one).</summary>
    private TranslatedRequest Translated() =>
        translated ?? throw new InvalidOperationException("A translating provider is on a route whose request was not translated.");
}
