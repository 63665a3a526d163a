using FlexiAI.Api.OpenAI;
using FlexiAI.Protocols.OpenAI;
using FlexiAI.Providers;
using FlexiAI.Routing;

namespace FlexiAI.Api.PassThrough;

/// <summary>
/// One attempt of a request that is only ever passed through (embeddings, responses): the router's state for every
/// attempt, with static attempt functions so the request path allocates no closure.
/// </summary>
internal sealed class PassThroughAttempt(PassThroughRequest request, ProviderRoute route)
{
    public static Task<CompletionPayload> CompleteAsync(AttemptContext attempt, PassThroughAttempt state) =>
        PassThroughClient.CompleteAsync(attempt, state.Request, state.Route.ModelFor(attempt.Provider));

    /// <summary>Returns once the answer's first bytes have arrived (embeddings: streamed to the caller, <see cref="PassThroughAnswerWriter"/>).</summary>
    public static Task<PassThroughAnswer> OpenAnswerAsync(AttemptContext attempt, PassThroughAttempt state) =>
        PassThroughClient.OpenAnswerAsync(attempt, state.Request, state.Route.ModelFor(attempt.Provider));

    /// <summary>Returns once the first event has arrived, so that anything failing before it fails over.</summary>
    public static Task<IChatEventStream> OpenStreamAsync(AttemptContext attempt, PassThroughAttempt state) =>
        PassThroughClient.OpenStreamAsync(attempt, state.Request, state.Route.ModelFor(attempt.Provider));

    private PassThroughRequest Request => request;

    private ProviderRoute Route => route;
}
