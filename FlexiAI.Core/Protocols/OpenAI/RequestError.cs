namespace FlexiAI.Protocols.OpenAI;

/// <summary>Why a request is invalid, and the parameter at fault (OpenAI's <c>param</c>).</summary>
public sealed record RequestError(string Message, string? Param);
