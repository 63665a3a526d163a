namespace FlexiAI.Api.PassThrough;

/// <summary>
/// A request to pass through as sent: its body, where the caller's <c>model</c> value sits in it (swapped for the
/// provider's), and which API it is (where it is posted, how its stream ends).
/// </summary>
internal readonly record struct PassThroughRequest(ReadOnlyMemory<byte> Body, int ModelStart, int ModelEnd, PassThroughApi Api);
