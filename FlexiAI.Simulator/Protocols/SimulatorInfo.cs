namespace FlexiAI.Simulator.Protocols;

/// <summary>
/// The <c>x_simulator</c> field of a non-streamed OpenAI answer. No SDK knows it, which lets gateway tests check
/// that unknown fields pass through unchanged.
/// </summary>
internal sealed record SimulatorInfo(string Provider, long Call);
