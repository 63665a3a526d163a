using System.Text.Json;
using System.Text.Json.Serialization;

// The OpenAI chat-completions wire format, as far as the simulator reads or writes it. Property order is the
// order OpenAI writes; names come from the snake_case policy of SimulatorJsonContext.
namespace FlexiAI.Simulator.Protocols.OpenAI;

internal sealed record OpenAIChatRequest(
    string? Model,
    List<OpenAIChatMessage?>? Messages,
    bool? Stream,
    OpenAIStreamOptions? StreamOptions,
    int? MaxTokens,
    int? MaxCompletionTokens,
    JsonElement Tools = default,
    JsonElement ToolChoice = default,
    JsonElement ResponseFormat = default);

internal sealed record OpenAIChatMessage(string? Role, JsonElement Content);

internal sealed record OpenAIStreamOptions(bool? IncludeUsage);

internal sealed record OpenAIChatCompletion(
    string Id,
    string Object,
    long Created,
    string Model,
    string SystemFingerprint,
    IReadOnlyList<OpenAIChoice> Choices,
    OpenAIUsage Usage,
    string ServiceTier,
    SimulatorInfo XSimulator);

internal sealed record OpenAIChoice(int Index, OpenAIResponseMessage Message, object? Logprobs, string FinishReason);

internal sealed record OpenAIResponseMessage(
    string Role,
    string? Content,
    string? Refusal,
    IReadOnlyList<object> Annotations,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<OpenAIToolCall>? ToolCalls = null);

/// <summary>A tool call: whole in an answer; in a stream, its first delta has id, type and name, later ones argument text.</summary>
internal sealed record OpenAIToolCall(
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? Index,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Id,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Type,
    OpenAIFunctionCall Function);

internal sealed record OpenAIFunctionCall(
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Name,
    string Arguments);

internal sealed record OpenAIUsage(
    int PromptTokens,
    int CompletionTokens,
    int TotalTokens,
    OpenAIPromptTokensDetails PromptTokensDetails,
    OpenAICompletionTokensDetails CompletionTokensDetails);

internal sealed record OpenAIPromptTokensDetails(int CachedTokens, int AudioTokens);

internal sealed record OpenAICompletionTokensDetails(
    int ReasoningTokens,
    int AudioTokens,
    int AcceptedPredictionTokens,
    int RejectedPredictionTokens);

internal sealed record OpenAIChatCompletionChunk(
    string Id,
    string Object,
    long Created,
    string Model,
    string SystemFingerprint,
    IReadOnlyList<OpenAIChunkChoice> Choices,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] OpenAIUsage? Usage);

internal sealed record OpenAIChunkChoice(int Index, OpenAIDelta Delta, object? Logprobs, string? FinishReason);

internal sealed record OpenAIDelta(
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Role,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Content,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<OpenAIToolCall>? ToolCalls = null);

internal sealed record OpenAIErrorResponse(OpenAIError Error);

internal sealed record OpenAIError(string Message, string? Type, string? Param, string? Code);

internal sealed record OpenAIModelList(string Object, IReadOnlyList<OpenAIModel> Data);

internal sealed record OpenAIModel(string Id, string Object, long Created, string OwnedBy);
