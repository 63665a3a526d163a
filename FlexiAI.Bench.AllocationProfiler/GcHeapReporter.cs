using System.Globalization;

namespace FlexiAI.Bench.AllocationProfiler;

/// <summary>
/// Writes the managed heap's size after the last GC and the memory the GC has committed (<see cref="GC.GetGCMemoryInfo()"/>),
/// in bytes, as <c>heap committed</c>, to a file every 200 ms: the concurrency harness reads them beside the process's RSS.
/// </summary>
internal static class GcHeapReporter
{
    // Only held so that the timer is not collected (a timer nobody references stops firing).
#pragma warning disable IDE0052
    private static Timer? s_timer;
#pragma warning restore IDE0052

    public static void Start(string path) =>
        s_timer = new Timer(_ =>
        {
            var info = GC.GetGCMemoryInfo();
            AllocationSampler.Replace(path, string.Create(CultureInfo.InvariantCulture, $"{info.HeapSizeBytes} {info.TotalCommittedBytes}"));
        }, null, TimeSpan.Zero, TimeSpan.FromMilliseconds(200));
}
