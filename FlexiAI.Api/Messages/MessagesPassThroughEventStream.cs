using FlexiAI.Api.OpenAI;
using FlexiAI.Http;
using FlexiAI.Protocols.OpenAI;
using FlexiAI.Routing;

namespace FlexiAI.Api.Messages;

/// <summary>
/// An Anthropic-protocol provider's own event stream, forwarded event by event as it arrives. It has finished at
/// <c>message_stop</c>; an <c>error</c> event before the first content is the provider's failure (it fails over), and
/// its usage is read from <c>message_start</c> and <c>message_delta</c>.
/// </summary>
internal sealed class MessagesPassThroughEventStream(HttpResponseMessage response, SseEventReader reader) : IChatEventStream
{
    private bool _started;

    public ReadOnlyMemory<byte> Current { get; private set; }

    public bool Finished { get; private set; }

    public IReadOnlyList<KeyValuePair<string, string>>? ProviderHeaders { get; } = ProviderResponseHeaders.Capture(response);

    public TokenUsage? Usage { get; private set; }

    public async ValueTask<bool> MoveNextAsync(CancellationToken cancellationToken)
    {
        if (Finished || !await reader.MoveNextAsync(cancellationToken).ConfigureAwait(false))
        {
            return false;
        }
        Current = reader.Current;
        var data = SseEvent.Data(Current.Span);
        if (AnthropicEventData.IsMessageStop(data))
        {
            Finished = true;
        }
        else if (data.IndexOf("\"usage\""u8) >= 0 && AnthropicUsage.FromEvent(data) is { } usage)
        {
            Usage = AnthropicUsage.Merge(Usage, usage);
        }
        else if (!_started && AnthropicEventData.IsError(data))
        {
            // An overloaded_error (or any error) sent as the stream's first event: nothing reached the caller yet.
            throw new ProviderException(new ProviderFailure(FailureKind.ServerError, null, null, "the stream's first event is an error"));
        }
        _started = true;
        return true;
    }

    public async ValueTask DisposeAsync()
    {
        await reader.DisposeAsync().ConfigureAwait(false);
        response.Dispose();
    }
}
