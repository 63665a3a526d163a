namespace FlexiAI.Web.Simulator;

/// <summary>A simulator fault (<c>PUT /faults/{provider}</c> body, and each entry of <c>GET /faults</c>).</summary>
public sealed record FaultSettings(
    string Mode,
    int? Status = null,
    int? RetryAfterS = null,
    int? LatencyMs = null,
    double? ErrorRate = null,
    int? AfterChunks = null);
