using FlexiAI.Simulator.Protocols;
using FlexiAI.Simulator.Protocols.Anthropic;
using FlexiAI.Simulator.Protocols.OpenAI;
using FlexiAI.Simulator.Providers;

namespace FlexiAI.Simulator.Apis;

/// <summary>What the provider endpoints need, bound with <c>[AsParameters]</c>.</summary>
internal sealed record ProviderApiServices(
    ChatCallPipeline Pipeline,
    ProviderRegistry Registry,
    OpenAIProtocol OpenAI,
    AnthropicProtocol Anthropic,
    TimeProvider TimeProvider);
