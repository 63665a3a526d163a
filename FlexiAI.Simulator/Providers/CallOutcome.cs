namespace FlexiAI.Simulator.Providers;

/// <summary>How a call to a simulated provider was answered; each call counts under exactly one outcome.</summary>
internal enum CallOutcome
{
    Ok,
    Error,
    RateLimit,
    Timeout,
    Slow,
    Malformed,
    DropMidStream,
    BadRequest,
}
