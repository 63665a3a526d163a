using System.ClientModel;
using System.ClientModel.Primitives;
using FlexiAI.Options;
using FlexiAI.Protocols.Anthropic;
using Microsoft.Extensions.AI;
using OpenAI;

namespace FlexiAI.Providers;

/// <summary>
/// Builds each provider's <see cref="IChatClient"/>: the official OpenAI SDK's on our shared HTTP client, with its own
/// retries turned off (the router decides what is retried, and where); for Anthropic, <see cref="AnthropicChatClient"/>.
/// </summary>
internal static class ProviderChatClientFactory
{
    // The SDK refuses to start without a key; local providers (the simulator, Ollama) do not need one.
    private const string PlaceholderKey = "not-needed";

    public static IChatClient Create(Provider provider) => provider.Kind switch
    {
        ProviderKind.OpenAI => CreateOpenAI(provider),
        ProviderKind.Anthropic => new AnthropicChatClient(provider),
        _ => throw new InvalidOperationException($"Unknown provider kind {provider.Kind}."),
    };

    private static IChatClient CreateOpenAI(Provider provider)
    {
        var options = new OpenAIClientOptions
        {
            Endpoint = provider.Options.Endpoint,
            RetryPolicy = new ClientRetryPolicy(maxRetries: 0),
            NetworkTimeout = Timeout.InfiniteTimeSpan,
            Transport = new HttpClientPipelineTransport(provider.HttpClient),
        };
        var client = new OpenAIClient(new ApiKeyCredential(provider.Options.ApiKey ?? PlaceholderKey), options);
        return client.GetChatClient(provider.Model).AsIChatClient();
    }
}
