using FlexiAI.Api.Apis;
using FlexiAI.Api.Caching;
using FlexiAI.Api.OpenAI;
using FlexiAI.Protocols.OpenAI;
using FlexiAI.Providers;
using FlexiAI.Routing;

namespace FlexiAI.Api.Continuation;

/// <summary>
/// Asks the providers of a route, but those whose streams broke, to continue an answer: the caller's request with the
/// partial answer as the start of the reply, through the router (breakers, timeouts and failover as for any request).
/// OpenAI-protocol providers get it as a trailing assistant message; others through translation as an assistant prefill,
/// whose trailing whitespace is left out (Anthropic refuses it) and dropped from the start of the continuation instead.
/// </summary>
internal sealed class StreamContinuer(ProviderRoute route, ReadOnlyMemory<byte> body, GatewayServices services, ResponseCache cache)
{
    /// <summary>Opens the continuation of <paramref name="partial"/>; null when no provider is left to ask or the request cannot carry it.</summary>
    /// <exception cref="RoutingException">No provider left could continue.</exception>
    public async Task<RouteResult<IChatEventStream>?> OpenAsync(string partial, IReadOnlyList<Provider> broken, CancellationToken cancellationToken)
    {
        var remaining = route;
        foreach (var provider in broken)
        {
            remaining = remaining.Without(provider);
        }
        var continued = ContinuationBody.Build(body.Span, partial);
        if (remaining.Count == 0 || ChatRequestInfo.TryParse(continued, services.Limits, out _) is not { } info)
        {
            return null;
        }
        TranslatedRequest? translated = null;
        if (remaining.Any(p => !p.SpeaksOpenAI))
        {
            var prefill = partial.TrimEnd();
            translated = TranslatedRequest.TryParse(ContinuationBody.Build(body.Span, prefill), out _);
            if (translated is null)
            {
                return null;
            }
            translated.SeamWhitespace = partial[prefill.Length..];
            if (route.Model is not null)
            {
                // provider/model: the caller's model goes to the provider, as for the first part.
                translated.Options.ModelId = route.Model;
            }
        }
        var attempt = new ChatCompletionAttempt(continued, info, remaining, translated, services, cache, storeKey: null, TimeSpan.Zero);
        return await services.Router.ExecuteAsync(remaining, null, ChatCompletionAttempt.OpenStreamAsync, attempt, streaming: true, cancellationToken);
    }
}
