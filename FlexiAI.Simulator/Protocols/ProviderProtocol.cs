using FlexiAI.Simulator.Providers;

namespace FlexiAI.Simulator.Protocols;

/// <summary>One wire protocol: how requests are read and answers, errors and streams are written.</summary>
internal abstract class ProviderProtocol
{
    /// <summary>The context window that "too long" rejection faults quote, in tokens.</summary>
    public const int SimulatedContextWindow = 8192;

    public abstract ProviderProtocolKind Kind { get; }

    /// <summary>Prefix of answer ids: <c>chatcmpl-</c> or <c>msg_</c>.</summary>
    public abstract string IdPrefix { get; }

    /// <summary>
    /// True when answer ids derive from the request alone (the same request, the same bytes: a gateway's pass-through can
    /// be compared with the provider's own answer); false when they also derive from the call number (every answer its
    /// own id).
    /// </summary>
    public virtual bool IdsFromRequest => false;

    /// <summary>Reads a chat request; throws <see cref="System.Text.Json.JsonException"/> when it is not JSON of the right shape.</summary>
    public abstract ValueTask<ParseResult> ParseAsync(Stream body, CancellationToken cancellationToken);

    /// <summary>An error response with <paramref name="status"/> and the protocol's error body.</summary>
    public abstract IResult Error(int status, string message);

    /// <summary>
    /// A rejection fault (<see cref="Faults.ProviderRejections"/>) answered as the real provider answers it: its status and
    /// its error body, word for word where the provider's wording is what clients match on.
    /// </summary>
    /// <param name="model">The model the call asked for (or the provider's default).</param>
    /// <param name="promptTokens">The call's estimated prompt tokens (quoted by "too long" answers).</param>
    public abstract IResult Rejection(Faults.FaultMode mode, string model, int promptTokens);

    /// <summary>A 429 with the protocol's rate-limit error body (the caller sets <c>Retry-After</c>).</summary>
    public abstract IResult RateLimited(string message);

    /// <summary>The non-streamed answer, as UTF-8 JSON.</summary>
    public abstract byte[] Completion(Answer answer);

    /// <summary>The non-streamed answer to <paramref name="request"/> (protocols whose answer is not generated text read the request).</summary>
    public virtual byte[] Completion(Answer answer, ChatRequestSummary request) => Completion(answer);

    /// <summary>
    /// The provider's own response headers, set on every answer (errors too) as the real provider sends them: a request
    /// id, rate-limit headers and, for OpenAI, a Cloudflare cookie that a gateway must not pass on.
    /// </summary>
    public virtual void WriteProviderHeaders(HttpResponse response, long call)
    {
    }

    /// <summary>Streams the answer; <paramref name="sse"/> throws when a drop fault breaks the stream.</summary>
    public abstract Task StreamAsync(SseWriter sse, Answer answer, bool includeUsage, CancellationToken cancellationToken);

    /// <summary>The protocol's model list, naming the provider's default model.</summary>
    public abstract IResult Models(SimulatedProvider provider, DateTimeOffset now);
}
