using FlexiAI.Http;
using FlexiAI.Options;
using FlexiAI.Routing;
using Microsoft.Extensions.AI;

namespace FlexiAI.Providers;

/// <summary>
/// A configured provider at run time: its options, the HTTP client for the pass-through path and an
/// <see cref="IChatClient"/> (the official OpenAI SDK's, or our own Anthropic client) for the translation path.
/// </summary>
public sealed class Provider
{
    private readonly Lazy<IChatClient> _chatClient;

    internal Provider(ProviderOptions options, HttpClient httpClient, HttpMessageInvoker invoker, Func<Provider, IChatClient> chatClientFactory)
    {
        Options = options;
        HttpClient = httpClient;
        Invoker = invoker;
        AttemptSpanName = "chat " + options.Model;
        Authorization = string.IsNullOrEmpty(options.ApiKey) ? null : "Bearer " + options.ApiKey;
        _chatClient = new Lazy<IChatClient>(() => chatClientFactory(this));
        var endpoint = options.Endpoint!.ToString().TrimEnd('/');
        ChatCompletionsUri = new Uri(endpoint + "/chat/completions");
        EmbeddingsUri = new Uri(endpoint + "/embeddings");
        ResponsesUri = new Uri(endpoint + "/responses");
        MessagesUri = new Uri(endpoint + "/v1/messages");
        CountTokensUri = new Uri(endpoint + "/v1/messages/count_tokens");
    }

    public string Name => Options.Name;

    public ProviderKind Kind => Options.Kind;

    public string Model => Options.Model;

    public ProviderOptions Options { get; }

    /// <summary>This replica's view of the provider's load: in flight, recent latency (the group strategies read it).</summary>
    public ProviderLoad Load { get; } = new();

    /// <summary>Shared client without timeout or retries: the router owns both.</summary>
    public HttpClient HttpClient { get; }

    /// <summary>
    /// What the pass-through path sends with: the client's handler (same connection pool) without the client's own
    /// per-request work (a linked cancellation source, a timeout that is infinite anyway).
    /// </summary>
    public HttpMessageInvoker Invoker { get; }

    /// <summary>The attempt span's name (<c>chat {model}</c>, OpenTelemetry GenAI), built once.</summary>
    internal string AttemptSpanName { get; }

    /// <summary>The <c>Authorization</c> header value sent to the provider (<c>Bearer {ApiKey}</c>), or null without a key. A secret: never log it.</summary>
    public string? Authorization { get; }

    /// <summary>Largest event of this provider's streams (<c>Limits:MaxStreamEventBytes</c>).</summary>
    public int MaxStreamEventBytes { get; internal init; } = SseEventReader.DefaultMaxEventBytes;

    /// <summary>OpenAI kind only: where chat completions are posted.</summary>
    public Uri ChatCompletionsUri { get; }

    /// <summary>OpenAI kind only: where embeddings requests are posted (<c>POST /v1/embeddings</c>).</summary>
    public Uri EmbeddingsUri { get; }

    /// <summary>OpenAI kind only: where Responses API requests are posted (<c>POST /v1/responses</c>).</summary>
    public Uri ResponsesUri { get; }
    /// <summary>Anthropic kind only: where messages are posted (<c>{Endpoint}/v1/messages</c>).</summary>
    public Uri MessagesUri { get; }

    /// <summary>Anthropic kind only: where token counts are asked for (<c>{Endpoint}/v1/messages/count_tokens</c>).</summary>
    public Uri CountTokensUri { get; }

    /// <summary>The provider as an <see cref="IChatClient"/> (no retries of its own), created on first use.</summary>
    public IChatClient ChatClient => _chatClient.Value;

    /// <summary>Requests of the OpenAI protocol are passed through to this provider rather than translated.</summary>
    public bool SpeaksOpenAI => Kind == ProviderKind.OpenAI;

    /// <summary>Requests of the Anthropic Messages protocol are passed through to this provider rather than translated.</summary>
    public bool SpeaksAnthropic => Kind == ProviderKind.Anthropic;

    public override string ToString() => Options.ToString();
}
