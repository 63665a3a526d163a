using System.Text.Json.Serialization;
using FlexiAI.Simulator.Faults;
using FlexiAI.Simulator.Protocols.Anthropic;
using FlexiAI.Simulator.Protocols.OpenAI;
using FlexiAI.Simulator.Providers;

namespace FlexiAI.Simulator.Json;

/// <summary>Source-generated JSON metadata for everything the simulator reads or writes (snake_case names).</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(OpenAIChatRequest))]
[JsonSerializable(typeof(OpenAIChatCompletion))]
[JsonSerializable(typeof(OpenAIChatCompletionChunk))]
[JsonSerializable(typeof(OpenAIErrorResponse))]
[JsonSerializable(typeof(OpenAIModelList))]
[JsonSerializable(typeof(AnthropicMessagesRequest))]
[JsonSerializable(typeof(AnthropicMessage))]
[JsonSerializable(typeof(AnthropicMessageStartEvent))]
[JsonSerializable(typeof(AnthropicContentBlockStartEvent))]
[JsonSerializable(typeof(AnthropicContentBlockDeltaEvent))]
[JsonSerializable(typeof(AnthropicContentBlockStopEvent))]
[JsonSerializable(typeof(AnthropicMessageDeltaEvent))]
[JsonSerializable(typeof(AnthropicBareEvent))]
[JsonSerializable(typeof(AnthropicErrorResponse))]
[JsonSerializable(typeof(AnthropicModelList))]
[JsonSerializable(typeof(FaultRequest))]
[JsonSerializable(typeof(FaultSettings))]
[JsonSerializable(typeof(Dictionary<string, FaultSettings>))]
[JsonSerializable(typeof(Dictionary<string, ProviderStatsSnapshot>))]
[JsonSerializable(typeof(IReadOnlyList<ProviderInfo>))]
internal sealed partial class SimulatorJsonContext : JsonSerializerContext;
