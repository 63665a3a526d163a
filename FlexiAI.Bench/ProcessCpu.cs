namespace FlexiAI.Bench;

/// <summary>CPU time a process has used, from /proc.</summary>
internal static class ProcessCpu
{
    /// <summary>User + system CPU seconds of process <paramref name="pid"/> (utime and stime of /proc/{pid}/stat, 100 ticks/s).</summary>
    public static double Seconds(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return (long.Parse(fields[11], System.Globalization.CultureInfo.InvariantCulture) + long.Parse(fields[12], System.Globalization.CultureInfo.InvariantCulture)) / 100.0;
    }
}
