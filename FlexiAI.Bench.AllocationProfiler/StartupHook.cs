/// <summary>
/// Loaded by the runtime when <c>DOTNET_STARTUP_HOOKS</c> names this assembly. With <c>FLEXIAI_ALLOCATED_BYTES</c> naming
/// a file, writes the bytes the process has allocated so far to it every 200 ms (the load harness divides the
/// difference by the requests served: the same method for every process measured; see
/// <see cref="FlexiAI.Bench.AllocationProfiler.AllocatedBytesReporter"/>). With <c>FLEXIAI_ALLOCATION_PROFILE</c> naming
/// a file, writes the bytes by type (see <see cref="FlexiAI.Bench.AllocationProfiler.AllocationSampler"/>: it costs CPU,
/// so only the <c>allocations</c> mode asks for it); with <c>FLEXIAI_ALLOCATION_TICKS</c>, that sampler's total, to
/// compare the two counts. With <c>FLEXIAI_GC_HEAP</c> naming a file, writes the GC heap's size and committed bytes to it
/// (<see cref="FlexiAI.Bench.AllocationProfiler.GcHeapReporter"/>).
/// </summary>
internal static class StartupHook
{
    public static void Initialize()
    {
        if (Environment.GetEnvironmentVariable("FLEXIAI_ALLOCATED_BYTES") is { Length: > 0 } total)
        {
            FlexiAI.Bench.AllocationProfiler.AllocatedBytesReporter.Start(total);
        }
        var ticks = Environment.GetEnvironmentVariable("FLEXIAI_ALLOCATION_TICKS");
        var profile = Environment.GetEnvironmentVariable("FLEXIAI_ALLOCATION_PROFILE");
        if (!string.IsNullOrEmpty(ticks) || !string.IsNullOrEmpty(profile))
        {
            FlexiAI.Bench.AllocationProfiler.AllocationSampler.Start(ticks, profile);
        }
        if (Environment.GetEnvironmentVariable("FLEXIAI_GC_HEAP") is { Length: > 0 } heap)
        {
            FlexiAI.Bench.AllocationProfiler.GcHeapReporter.Start(heap);
        }
    }
}
