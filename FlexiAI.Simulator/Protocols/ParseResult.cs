namespace FlexiAI.Simulator.Protocols;

/// <summary>A parsed request, or the message of the 400 that answers it.</summary>
internal readonly record struct ParseResult(ChatRequestSummary? Request, string? Error)
{
    public static ParseResult Invalid(string error) => new(null, error);

    public static ParseResult Valid(ChatRequestSummary request) => new(request, null);
}
