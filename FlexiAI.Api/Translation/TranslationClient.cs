using FlexiAI.Api.OpenAI;
using FlexiAI.Protocols.OpenAI;
using FlexiAI.Routing;

namespace FlexiAI.Api.Translation;

/// <summary>The translation path: an OpenAI-protocol request to a provider of another protocol, through its IChatClient
/// (<see cref="FlexiAI.Protocols.Anthropic.AnthropicChatClient"/> for Anthropic).</summary>
internal static class TranslationClient
{
    public static async Task<CompletionPayload> CompleteAsync(AttemptContext attempt, TranslatedRequest request, TimeProvider time)
    {
        var response = await attempt.Provider.ChatClient
            .GetResponseAsync(request.Messages, request.Options, attempt.CancellationToken).ConfigureAwait(false);
        var payload = OpenAIResponseWriter.Completion(response, attempt.Provider.Model, time);
        if (attempt.Activity is { IsAllDataRequested: true } span)
        {
            payload.Usage?.Tag(span);
            span.SetTag("gen_ai.response.model", response.ModelId);
            if (OpenAIResponseWriter.FinishReason(response.FinishReason) is { } finish)
            {
                span.SetTag("gen_ai.response.finish_reasons", new[] { finish });
            }
        }
        return payload;
    }

    /// <summary>
    /// Opens the stream and waits for the provider's first update, so failures before it fail over. The returned
    /// stream is positioned on its first event.
    /// </summary>
    public static async Task<IChatEventStream> OpenStreamAsync(AttemptContext attempt, TranslatedRequest request, bool includeUsage, TimeProvider time)
    {
        var updates = attempt.Provider.ChatClient
            .GetStreamingResponseAsync(request.Messages, request.Options, attempt.CancellationToken)
            .GetAsyncEnumerator(attempt.CancellationToken);
        try
        {
            var hasFirst = await updates.MoveNextAsync().ConfigureAwait(false);
            var stream = new TranslatedEventStream(updates, hasFirst, attempt.Provider.Model, includeUsage, time, request.SeamWhitespace);
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
