using System.Globalization;

namespace FlexiAI.Bench;

/// <summary>
/// The mean of paired per-round comparisons (a row against the row measured next to it in the same round: a difference,
/// or a ratio) with its 95 % confidence interval (Student's t): whether what the rounds show is larger than their own
/// scatter. On a VM whose speed drifts by a fifth within a minute, "CPU at or below YARP's" in 3 of 5 rounds says little;
/// an interval of −9 to +15 µs says the harness cannot tell the two apart.
/// </summary>
internal readonly record struct PairedDifference(double Mean, double Low, double High, int Rounds)
{
    /// <summary>Two-sided 97.5 % quantiles of Student's t for 1 to 30 degrees of freedom.</summary>
    private static readonly double[] TQuantiles =
    [
        12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.160, 2.145, 2.131,
        2.120, 2.110, 2.101, 2.093, 2.086, 2.080, 2.074, 2.069, 2.064, 2.060, 2.056, 2.052, 2.048, 2.045, 2.042,
    ];

    public static PairedDifference Of(IReadOnlyList<double> perRound)
    {
        var n = perRound.Count;
        var mean = perRound.Average();
        if (n < 2)
        {
            return new(mean, double.NaN, double.NaN, n);
        }
        var variance = perRound.Sum(d => (d - mean) * (d - mean)) / (n - 1);
        var t = n - 1 <= TQuantiles.Length ? TQuantiles[n - 2] : 1.960;
        var half = t * Math.Sqrt(variance / n);
        return new(mean, mean - half, mean + half, n);
    }

    /// <summary>"held" when the whole interval is at or below <paramref name="limit"/>, "missed" when it is all above, else "not told apart".</summary>
    public string VerdictAtMost(double limit) => High <= limit ? "held" : Low > limit ? "missed" : "not told apart";

    /// <summary>"held" when the whole interval is at or above <paramref name="limit"/>, "missed" when it is all below, else "not told apart".</summary>
    public string VerdictAtLeast(double limit) => Low >= limit ? "held" : High < limit ? "missed" : "not told apart";

    public string Format(string format)
    {
        string Text(double value) => value.ToString(format, CultureInfo.InvariantCulture);
        return $"{Text(Mean)} (95 % interval {Text(Low)} to {Text(High)}, {Rounds} rounds)";
    }
}
