/// <summary>
/// Loaded by the runtime when <c>DOTNET_STARTUP_HOOKS</c> names this assembly. With <c>FLEXIAI_ALLOCATED_BYTES</c> naming
/// a file, writes the bytes the process has allocated so far to it every 200 ms (the load harness divides the
/// difference by the requests served: the same method for every process measured). With
/// <c>FLEXIAI_ALLOCATION_PROFILE</c> naming a file, also writes the bytes by type (see
/// <see cref="FlexiAI.Bench.AllocationProfiler.AllocationSampler"/>). With <c>FLEXIAI_GC_HEAP</c> naming a file, writes
/// the GC heap's size and committed bytes to it (<see cref="FlexiAI.Bench.AllocationProfiler.GcHeapReporter"/>).
/// </summary>
internal static class StartupHook
{
    public static void Initialize()
    {
        var total = Environment.GetEnvironmentVariable("FLEXIAI_ALLOCATED_BYTES");
        var profile = Environment.GetEnvironmentVariable("FLEXIAI_ALLOCATION_PROFILE");
        if (!string.IsNullOrEmpty(total) || !string.IsNullOrEmpty(profile))
        {
            FlexiAI.Bench.AllocationProfiler.AllocationSampler.Start(total, profile);
        }
        if (Environment.GetEnvironmentVariable("FLEXIAI_GC_HEAP") is { Length: > 0 } heap)
        {
            FlexiAI.Bench.AllocationProfiler.GcHeapReporter.Start(heap);
        }
    }
}
