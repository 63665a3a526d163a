using System.Text.Json.Serialization;
using FlexiAI.Web.Simulator;

namespace FlexiAI.Web.Gateway;

/// <summary>Source-generated JSON for what the UI reads and writes (snake_case, as the gateway and simulator speak).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ClusterReport))]
[JsonSerializable(typeof(ProviderStatus))]
[JsonSerializable(typeof(ModelList))]
[JsonSerializable(typeof(ChatCompletionRequest))]
[JsonSerializable(typeof(IReadOnlyList<SimulatedProvider>))]
[JsonSerializable(typeof(Dictionary<string, FaultSettings>))]
[JsonSerializable(typeof(FaultSettings))]
internal sealed partial class WebJsonContext : JsonSerializerContext;
