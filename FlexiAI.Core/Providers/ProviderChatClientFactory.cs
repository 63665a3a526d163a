using System.ClientModel;
using System.ClientModel.Primitives;
using Anthropic;
using FlexiAI.Options;
using Microsoft.Extensions.AI;
using OpenAI;

namespace FlexiAI.Providers;

/// <summary>
/// Builds each provider's <see cref="IChatClient"/> from the official SDKs, on our shared HTTP client, with the
/// SDKs' own retries turned off: the router decides what is retried, and where.
/// </summary>
internal static class ProviderChatClientFactory
{
    // The SDKs refuse to start without a key; local providers (the simulator, Ollama) do not need one.
    private const string PlaceholderKey = "not-needed";

    public static IChatClient Create(Provider provider) => provider.Kind switch
    {
        ProviderKind.OpenAI => CreateOpenAI(provider),
        ProviderKind.Anthropic => CreateAnthropic(provider),
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

    private static IChatClient CreateAnthropic(Provider provider)
    {
        var client = new AnthropicClient(new Anthropic.Core.ClientOptions
        {
            ApiKey = provider.Options.ApiKey ?? PlaceholderKey,
            BaseUrl = provider.Options.Endpoint!.ToString().TrimEnd('/'),
            MaxRetries = 0,
            Timeout = TimeSpan.FromHours(1),
            HttpClient = provider.HttpClient,
        });
        return client.AsIChatClient(provider.Model, defaultMaxOutputTokens: 1024);
    }
}
