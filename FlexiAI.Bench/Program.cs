using BenchmarkDotNet.Running;
using FlexiAI.Bench;

// dotnet run -c Release --project FlexiAI.Bench -- propagation [transitions]   breaker propagation across 3 instances
// dotnet run -c Release --project FlexiAI.Bench -- wasted [runs] [clients]      calls a dead provider gets from 3 instances
// dotnet run -c Release --project FlexiAI.Bench -- outage [s] [recovery s] [clients]   probes on user traffic vs background probes
// dotnet run -c Release --project FlexiAI.Bench -- load [s] [rounds] [conns] [only]   wrk: direct, YARP, gateway rows (only: rows whose name contains it)
// dotnet run -c Release --project FlexiAI.Bench -- allocations [s] [types]   which types a request allocates (gateway, YARP)
// dotnet run -c Release --project FlexiAI.Bench -- cache [requests] [latency]   response cache: bypass, miss, hit (p50/p99)
// dotnet run -c Release --project FlexiAI.Bench -- concurrency [s] [N...] [burst N]   long streams held open: YARP vs gateway, memory per stream
// dotnet run -c Release --project FlexiAI.Bench -- scale [transitions] [3,10,30,100] [standalone|cluster|both]   N replicas on Redis and Redis Cluster
// dotnet run -c Release --project FlexiAI.Bench -- drills [seconds per phase]   failover drills on real processes under load
// dotnet run -c Release --project FlexiAI.Bench -- soak [s] [concurrency]   RSS under load from 100,000 client keys and addresses
// dotnet run -c Release --project FlexiAI.Bench -- --filter '*'                BenchmarkDotNet micro-benchmarks
int Arg(int index, int fallback) => args.Length > index ? int.Parse(args[index], System.Globalization.CultureInfo.InvariantCulture) : fallback;
switch (args.FirstOrDefault())
{
    case "propagation":
        return await PropagationHarness.RunAsync(Arg(1, 1000));
    case "wasted":
        return await WastedCallsHarness.RunAsync(Arg(1, 10), Arg(2, 4));
    case "outage":
        return await OutageHarness.RunAsync(Arg(1, 120), Arg(2, 30), Arg(3, 4));
    case "load":
        return await LoadHarness.RunAsync(Arg(1, 10), Arg(2, 3), Arg(3, 8), args.Length > 4 ? args[4] : null);
    case "allocations":
        return await AllocationHarness.RunAsync(Arg(1, 8), Arg(2, 25));
    case "concurrency":
        // concurrency 20 200 1000 3000 9000 10000: the last number is the burst on a gateway with the default limit (0: none).
        int[] numbers = args.Length > 2 ? [.. args.Skip(2).Select(a => int.Parse(a, System.Globalization.CultureInfo.InvariantCulture))] : [200, 1000, 3000, 9000, 10000];
        return await ConcurrencyHarness.RunAsync(Arg(1, 20), numbers[..^1], numbers[^1]);
    case "soak":
        return await SoakHarness.RunAsync(Arg(1, 600), Arg(2, 32), Arg(3, 100_000));
    case "cache":
        return await CacheHarness.RunAsync(Arg(1, 1000), Arg(2, 0));
    case "scale":
        return await ScaleHarness.RunAsync(Arg(1, 200),
            args.Length > 2 ? [.. args[2].Split(',').Select(n => int.Parse(n, System.Globalization.CultureInfo.InvariantCulture))] : [3, 10, 30, 100],
            args.Length > 3 ? args[3] : "both");
    case "drills":
        return await DrillsHarness.RunAsync(Arg(1, 10));
}
BenchmarkSwitcher.FromAssembly(typeof(PropagationHarness).Assembly).Run(args);
return 0;
