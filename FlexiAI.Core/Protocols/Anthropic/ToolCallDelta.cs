using Microsoft.Extensions.AI;

namespace FlexiAI.Protocols.Anthropic;

/// <summary>
/// A piece of a tool call as it streams (Anthropic's <c>content_block_start</c> of a <c>tool_use</c> block, then its
/// <c>input_json_delta</c>s), for the gateway to stream OpenAI <c>tool_calls</c> deltas as they come. The first piece of
/// a call has its id and name; later ones only argument text. The whole call follows as a
/// <see cref="FunctionCallContent"/> when the block stops, for <see cref="IChatClient"/> callers.
/// </summary>
/// <param name="index">The call's position among the answer's tool calls (0 first), OpenAI's <c>index</c>.</param>
/// <param name="callId">The provider's id of the call; first piece only.</param>
/// <param name="name">The function's name; first piece only.</param>
/// <param name="arguments">A fragment of the arguments' JSON text (empty on the first piece).</param>
public sealed class ToolCallDelta(int index, string? callId, string? name, string arguments) : AIContent
{
    public int Index { get; } = index;

    public string? CallId { get; } = callId;

    public string? Name { get; } = name;

    public string Arguments { get; } = arguments;
}
