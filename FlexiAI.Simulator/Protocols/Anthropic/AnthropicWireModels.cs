using System.Text.Json;
using System.Text.Json.Serialization;

// The Anthropic messages wire format, as far as the simulator reads or writes it. Property order is the order
// Anthropic writes; names come from the snake_case policy of SimulatorJsonContext.
namespace FlexiAI.Simulator.Protocols.Anthropic;

internal sealed record AnthropicMessagesRequest(
    string? Model,
    int? MaxTokens,
    List<AnthropicInputMessage?>? Messages,
    JsonElement System,
    bool? Stream,
    JsonElement Tools = default,
    JsonElement ToolChoice = default);

internal sealed record AnthropicInputMessage(string? Role, JsonElement Content);

internal sealed record AnthropicMessage(
    string Id,
    string Type,
    string Role,
    string Model,
    IReadOnlyList<AnthropicContentBlock> Content,
    string? StopReason,
    string? StopSequence,
    AnthropicUsage Usage);

/// <summary>A <c>text</c> block (<c>text</c>) or a <c>tool_use</c> block (<c>id</c>, <c>name</c>, <c>input</c>).</summary>
internal sealed record AnthropicContentBlock(
    string Type,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Text,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Id = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Name = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] JsonElement? Input = null);

internal sealed record AnthropicUsage(int InputTokens, int OutputTokens);

internal sealed record AnthropicMessageStartEvent(string Type, AnthropicMessage Message);

internal sealed record AnthropicContentBlockStartEvent(string Type, int Index, AnthropicContentBlock ContentBlock);

internal sealed record AnthropicContentBlockDeltaEvent(string Type, int Index, AnthropicDelta Delta);

/// <summary>A <c>text_delta</c> (<c>text</c>) or an <c>input_json_delta</c> (<c>partial_json</c>).</summary>
internal sealed record AnthropicDelta(
    string Type,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Text,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? PartialJson = null);

internal sealed record AnthropicContentBlockStopEvent(string Type, int Index);

internal sealed record AnthropicMessageDeltaEvent(string Type, AnthropicMessageDelta Delta, AnthropicDeltaUsage Usage);

internal sealed record AnthropicMessageDelta(string? StopReason, string? StopSequence);

internal sealed record AnthropicDeltaUsage(int OutputTokens);

/// <summary><c>ping</c> and <c>message_stop</c>: events that carry nothing but their type.</summary>
internal sealed record AnthropicBareEvent(string Type);

internal sealed record AnthropicErrorResponse(string Type, AnthropicError Error);

internal sealed record AnthropicError(string Type, string Message);

internal sealed record AnthropicModelList(IReadOnlyList<AnthropicModelInfo> Data, bool HasMore, string? FirstId, string? LastId);

internal sealed record AnthropicModelInfo(string Type, string Id, string DisplayName, string CreatedAt);
