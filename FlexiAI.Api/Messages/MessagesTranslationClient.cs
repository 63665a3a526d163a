using FlexiAI.Api.OpenAI;
using FlexiAI.Protocols.OpenAI;
using FlexiAI.Routing;

namespace FlexiAI.Api.Messages;

/// <summary>The translation path of <c>/v1/messages</c>: a Messages request to an OpenAI-protocol provider, through its IChatClient.</summary>
internal static class MessagesTranslationClient
{
    public static async Task<CompletionPayload> CompleteAsync(AttemptContext attempt, MessagesTranslatedRequest request)
    {
        var response = await attempt.Provider.ChatClient
            .GetResponseAsync(request.Messages, request.Options, attempt.CancellationToken).ConfigureAwait(false);
        var payload = MessagesResponseWriter.Message(response, attempt.Provider.Model);
        if (attempt.Activity is { IsAllDataRequested: true } span)
        {
            payload.Usage?.Tag(span);
            span.SetTag("gen_ai.response.model", response.ModelId);
        }
        return payload;
    }

    /// <summary>Opens the stream and waits for the provider's first update, so failures before it fail over.</summary>
    public static async Task<IChatEventStream> OpenStreamAsync(AttemptContext attempt, MessagesTranslatedRequest request)
    {
        var updates = attempt.Provider.ChatClient
            .GetStreamingResponseAsync(request.Messages, request.Options, attempt.CancellationToken)
            .GetAsyncEnumerator(attempt.CancellationToken);
        try
        {
            var hasFirst = await updates.MoveNextAsync().ConfigureAwait(false);
            var stream = new MessagesTranslatedEventStream(updates, hasFirst, attempt.Provider.Model);
            await stream.MoveNextAsync(attempt.CancellationToken).ConfigureAwait(false);
            return stream;
        }
        catch
        {
            await updates.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }
}
