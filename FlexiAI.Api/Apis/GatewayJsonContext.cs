using System.Text.Json.Serialization;

namespace FlexiAI.Api.Apis;

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(ModelList))]
[JsonSerializable(typeof(ProvidersReport))]
[JsonSerializable(typeof(HealthReport))]
[JsonSerializable(typeof(SimpleChatRequest))]
[JsonSerializable(typeof(SimpleChatResponse))]
[JsonSerializable(typeof(ProviderView))]
[JsonSerializable(typeof(ReplicaReport))]
internal sealed partial class GatewayJsonContext : JsonSerializerContext;
