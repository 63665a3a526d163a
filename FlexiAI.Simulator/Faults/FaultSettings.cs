namespace FlexiAI.Simulator.Faults;

/// <summary>
/// The fault injected into one provider, with every default filled in.
/// </summary>
/// <remarks>
/// A call is hit with probability <see cref="ErrorRate"/>. A hit call behaves as <see cref="Mode"/> says, after an
/// extra <see cref="LatencyMs"/>; a call that is not hit is answered normally without delay. With mode
/// <see cref="FaultMode.Ok"/> every call is answered normally after <see cref="LatencyMs"/>.
/// </remarks>
internal sealed record FaultSettings(
    FaultMode Mode,
    int Status,
    int RetryAfterS,
    int LatencyMs,
    double ErrorRate,
    int AfterChunks)
{
    public const int DefaultStatus = 500;
    public const int DefaultRetryAfterS = 10;
    public const double DefaultErrorRate = 1.0;
    public const int DefaultAfterChunks = 2;
    public const int DefaultSlowLatencyMs = 5000;

    public static FaultSettings Healthy { get; } =
        new(FaultMode.Ok, DefaultStatus, DefaultRetryAfterS, 0, DefaultErrorRate, DefaultAfterChunks);

    /// <summary>The delay before a call that this fault hits is answered.</summary>
    public TimeSpan HitDelay() => TimeSpan.FromMilliseconds(
        Mode == FaultMode.Slow && LatencyMs == 0 ? DefaultSlowLatencyMs : LatencyMs);
}
