namespace FlexiAI.Simulator.Providers;

/// <summary>
/// Thread-safe call counters of one provider. <see cref="Calls"/> counts a call as soon as it arrives; its
/// outcome is counted once the simulator has decided how to answer (before any injected delay), so a test can
/// wait for "one timeout" while the call still hangs.
/// </summary>
internal sealed class ProviderStats
{
    private long _calls;
    private long _streaming;
    private readonly long[] _outcomes = new long[Enum.GetValues<CallOutcome>().Length];

    public long Calls => Interlocked.Read(ref _calls);

    /// <summary>Counts an arriving call and returns its number (1-based, since start or the last reset).</summary>
    public long CountCall() => Interlocked.Increment(ref _calls);

    public void CountStreaming() => Interlocked.Increment(ref _streaming);

    public void Count(CallOutcome outcome) => Interlocked.Increment(ref _outcomes[(int)outcome]);

    public void Reset()
    {
        Interlocked.Exchange(ref _calls, 0);
        Interlocked.Exchange(ref _streaming, 0);
        for (var i = 0; i < _outcomes.Length; i++)
        {
            Interlocked.Exchange(ref _outcomes[i], 0);
        }
    }

    public ProviderStatsSnapshot Snapshot() => new(
        Calls: Interlocked.Read(ref _calls),
        Ok: Read(CallOutcome.Ok),
        Error: Read(CallOutcome.Error),
        RateLimit: Read(CallOutcome.RateLimit),
        Timeout: Read(CallOutcome.Timeout),
        Slow: Read(CallOutcome.Slow),
        Malformed: Read(CallOutcome.Malformed),
        DropMidStream: Read(CallOutcome.DropMidStream),
        Streaming: Interlocked.Read(ref _streaming),
        BadRequest: Read(CallOutcome.BadRequest));

    private long Read(CallOutcome outcome) => Interlocked.Read(ref _outcomes[(int)outcome]);
}
