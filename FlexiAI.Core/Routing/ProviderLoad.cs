namespace FlexiAI.Routing;

/// <summary>
/// What this replica sees of one provider's load, for the group strategies and <c>/providers</c>: attempts in flight
/// (streams until they end), and exponentially weighted averages of the time to the whole answer and, for streams, of the
/// time to the first chunk. Lock-free; never shared between replicas.
/// </summary>
public sealed class ProviderLoad
{
    /// <summary>Weight of the newest sample in the averages: about the last ten answers count.</summary>
    public const double Alpha = 0.2;

    private int _inFlight;
    private long _answerBits;
    private long _firstChunkBits;

    /// <summary>Attempts on this provider that have started and not yet ended, on this replica.</summary>
    public int InFlight => Volatile.Read(ref _inFlight);

    /// <summary>Recent time to the whole answer (non-streaming requests), in milliseconds; 0 before the first.</summary>
    public double AnswerMilliseconds => BitConverter.Int64BitsToDouble(Interlocked.Read(ref _answerBits));

    /// <summary>Recent time to the first chunk (streaming requests), in milliseconds; 0 before the first.</summary>
    public double FirstChunkMilliseconds => BitConverter.Int64BitsToDouble(Interlocked.Read(ref _firstChunkBits));

    /// <summary>The recent latency the <c>latency</c> strategy compares: of the same kind of request when known, else the other kind.</summary>
    public double LatencyFor(bool streaming)
    {
        var (own, other) = streaming ? (FirstChunkMilliseconds, AnswerMilliseconds) : (AnswerMilliseconds, FirstChunkMilliseconds);
        return own > 0 ? own : other;
    }

    internal void Started() => Interlocked.Increment(ref _inFlight);

    internal void Ended() => Interlocked.Decrement(ref _inFlight);

    /// <summary>Adds a successful attempt's latency: to the first chunk for a stream, to the whole answer otherwise.</summary>
    internal void Record(TimeSpan elapsed, bool streaming) =>
        Add(ref streaming ? ref _firstChunkBits : ref _answerBits, elapsed.TotalMilliseconds);

    private static void Add(ref long bits, double sample)
    {
        while (true)
        {
            var seen = Interlocked.Read(ref bits);
            var current = BitConverter.Int64BitsToDouble(seen);
            var next = current == 0 ? sample : current + (Alpha * (sample - current));
            if (Interlocked.CompareExchange(ref bits, BitConverter.DoubleToInt64Bits(next), seen) == seen)
            {
                return;
            }
        }
    }
}
