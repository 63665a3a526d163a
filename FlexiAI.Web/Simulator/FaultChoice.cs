namespace FlexiAI.Web.Simulator;

/// <summary>The faults the UI offers, each one button.</summary>
public enum FaultChoice
{
    /// <summary>Healthy.</summary>
    Ok,

    /// <summary>HTTP 500 on every call.</summary>
    Error500,

    /// <summary>HTTP 429 with <c>Retry-After: 10</c>.</summary>
    RateLimit,

    /// <summary>Calls hang; the gateway's per-attempt timeout ends them.</summary>
    Timeout,

    /// <summary>Every call answers after 5 s.</summary>
    Slow,

    /// <summary>Streams break after two events; non-streamed bodies are cut in half.</summary>
    DropMidStream,

    /// <summary>HTTP 401 in the provider's words: its key is rejected (a configuration fault; the gateway fails over).</summary>
    KeyRejected,

    /// <summary>A fault set elsewhere that none of the buttons describes.</summary>
    Other,
}
