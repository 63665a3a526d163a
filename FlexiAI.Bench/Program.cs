using BenchmarkDotNet.Running;
using FlexiAI.Bench;

// dotnet run -c Release --project FlexiAI.Bench -- propagation [transitions]   breaker propagation across 3 instances
// dotnet run -c Release --project FlexiAI.Bench -- --filter '*'                BenchmarkDotNet micro-benchmarks
if (args.Length > 0 && args[0] == "propagation")
{
    return await PropagationHarness.RunAsync(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 1000);
}
BenchmarkSwitcher.FromAssembly(typeof(PropagationHarness).Assembly).Run(args);
return 0;
