using FlexiAI.Options;
using Microsoft.Extensions.AI;

namespace FlexiAI.Providers;

/// <summary>
/// A configured provider at run time: its options, the HTTP client for the pass-through path and an
/// <see cref="IChatClient"/> (official OpenAI or Anthropic SDK) for the translation path.
/// </summary>
public sealed class Provider
{
    private readonly Lazy<IChatClient> _chatClient;

    internal Provider(ProviderOptions options, HttpClient httpClient, Func<Provider, IChatClient> chatClientFactory)
    {
        Options = options;
        HttpClient = httpClient;
        _chatClient = new Lazy<IChatClient>(() => chatClientFactory(this));
        var endpoint = options.Endpoint!.ToString().TrimEnd('/');
        ChatCompletionsUri = new Uri(endpoint + "/chat/completions");
    }

    public string Name => Options.Name;

    public ProviderKind Kind => Options.Kind;

    public string Model => Options.Model;

    public ProviderOptions Options { get; }

    /// <summary>Shared client without timeout or retries: the router owns both.</summary>
    public HttpClient HttpClient { get; }

    /// <summary>OpenAI kind only: where chat completions are posted.</summary>
    public Uri ChatCompletionsUri { get; }

    /// <summary>The provider as an <see cref="IChatClient"/> (SDK retries off), created on first use.</summary>
    public IChatClient ChatClient => _chatClient.Value;

    /// <summary>Requests of the OpenAI protocol are passed through to this provider rather than translated.</summary>
    public bool SpeaksOpenAI => Kind == ProviderKind.OpenAI;

    public override string ToString() => Options.ToString();
}
