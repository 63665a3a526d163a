using FlexiAI.Protocols.OpenAI;

namespace FlexiAI.Api.OpenAI;

/// <summary>
/// A streaming answer as OpenAI SSE events (each event whole, terminator included). Both execution paths
/// produce one: the pass-through path forwards the provider's events as they are; the translation path
/// writes them from <c>ChatResponseUpdate</c>s.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1711",
    Justification = "An event stream in the SSE sense, read event by event; not a System.IO.Stream and not meant to be one.")]
public interface IChatEventStream : IAsyncDisposable
{
    /// <summary>The current event's bytes, valid until the next <see cref="MoveNextAsync"/>.</summary>
    ReadOnlyMemory<byte> Current { get; }

    /// <summary>Reads the next event; false at the end of the stream. Throws when the stream breaks.</summary>
    ValueTask<bool> MoveNextAsync(CancellationToken cancellationToken);

    /// <summary>True once the terminating <c>data: [DONE]</c> event has been produced.</summary>
    bool Finished { get; }

    /// <summary>The token usage the stream reported (its usage chunk), once it has passed; null before or without one.</summary>
    TokenUsage? Usage { get; }

    /// <summary>The provider's allowlisted response headers (pass-through streams only), for the caller's response.</summary>
    IReadOnlyList<KeyValuePair<string, string>>? ProviderHeaders => null;
}
