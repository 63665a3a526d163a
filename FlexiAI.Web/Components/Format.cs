using System.Globalization;

namespace FlexiAI.Web.Components;

/// <summary>How the pages write times, durations and numbers: short, invariant, and the same everywhere.</summary>
public static class Format
{
    /// <summary><c>0.4 s</c>, <c>27 s</c>, <c>3 min 5 s</c>, <c>2 h 10 min</c>.</summary>
    public static string Duration(TimeSpan duration)
    {
        if (duration < TimeSpan.Zero)
        {
            duration = TimeSpan.Zero;
        }

        return duration.TotalSeconds switch
        {
            < 10 when duration.Ticks % TimeSpan.TicksPerSecond == 0 => Invariant($"{(int)duration.TotalSeconds} s"),
            < 10 => Invariant($"{duration.TotalSeconds:0.0} s"),
            < 60 => Invariant($"{(int)duration.TotalSeconds} s"),
            < 3600 => duration.Seconds == 0 ? Invariant($"{(int)duration.TotalMinutes} min") : Invariant($"{(int)duration.TotalMinutes} min {duration.Seconds} s"),
            _ => Invariant($"{(int)duration.TotalHours} h {duration.Minutes} min"),
        };
    }

    /// <summary>Whole seconds, rounded up, for countdowns: <c>27 s</c>.</summary>
    public static string Countdown(TimeSpan remaining) =>
        remaining.TotalSeconds < 60
            ? Invariant($"{Math.Ceiling(Math.Max(0, remaining.TotalSeconds))} s")
            : Duration(remaining);

    /// <summary>Milliseconds below 10 s, seconds above: <c>152 ms</c>, <c>1.24 s</c>.</summary>
    public static string Latency(TimeSpan latency) =>
        latency.TotalMilliseconds < 1000
            ? Invariant($"{latency.TotalMilliseconds:0} ms")
            : Invariant($"{latency.TotalSeconds:0.00} s");

    /// <summary>A clock time in UTC: <c>10:04:31</c>.</summary>
    public static string Clock(DateTimeOffset time) => time.UtcDateTime.ToString("HH:mm:ss", CultureInfo.InvariantCulture);

    /// <summary>A number for SVG attributes: invariant, at most two decimals.</summary>
    public static string Svg(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);

    public static string Number(long value) => value.ToString("#,0", CultureInfo.InvariantCulture);

    /// <summary>A fraction (0 to 1) as a whole percentage: <c>73 %</c>.</summary>
    public static string Percent(double fraction) => (fraction * 100).ToString("0", CultureInfo.InvariantCulture) + " %";

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
