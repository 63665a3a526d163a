using System.Diagnostics;
using FlexiAI.Breakers;

namespace FlexiAI.Bench;

/// <summary>
/// Breaker propagation across 3 instances sharing one Redis: for each transition (admin open / reset, alternating)
/// started on instance A, the time from the start of A's call to the moment instances B and C applied it.
/// <c>dotnet run -c Release --project FlexiAI.Bench -- propagation [transitions]</c>
/// </summary>
public static class PropagationHarness
{
    public static async Task<int> RunAsync(int transitions)
    {
        using var redis = BenchRedis.Start();
        const string Provider = "p1";
        var prefix = "bench-" + Guid.NewGuid().ToString("N")[..8];
        var a = redis.CreateStore(BenchRedis.Options(prefix, Provider), out var ca);
        var b = redis.CreateStore(BenchRedis.Options(prefix, Provider), out var cb);
        var c = redis.CreateStore(BenchRedis.Options(prefix, Provider), out var cc);

        var samples = new List<double>(transitions * 2);
        for (var i = 0; i < Math.Min(50, transitions) + transitions; i++)
        {
            var warmup = i < Math.Min(50, transitions);
            var target = i % 2 == 0 ? CircuitState.Open : CircuitState.Closed;
            var seenB = Seen(b, Provider, target);
            var seenC = Seen(c, Provider, target);
            var started = Stopwatch.GetTimestamp();
            if (target == CircuitState.Open)
            {
                await a.ForceOpenAsync(Provider, "bench", CancellationToken.None);
            }
            else
            {
                await a.ResetAsync(Provider, CancellationToken.None);
            }
            var times = await Task.WhenAll(seenB, seenC).WaitAsync(TimeSpan.FromSeconds(5));
            if (!warmup)
            {
                samples.AddRange(times.Select(t => Stopwatch.GetElapsedTime(started, t).TotalMilliseconds));
            }
        }

        samples.Sort();
        Console.WriteLine($"Breaker propagation over redis-server on loopback: {transitions} transitions x 2 receiving instances = {samples.Count} samples");
        Console.WriteLine($"  p50 {Percentile(samples, 0.50):0.000} ms   p90 {Percentile(samples, 0.90):0.000} ms   p99 {Percentile(samples, 0.99):0.000} ms   max {samples[^1]:0.000} ms");
        foreach (var disposable in new IAsyncDisposable[] { a, b, c, ca, cb, cc })
        {
            await disposable.DisposeAsync();
        }
        return 0;
    }

    private static Task<long> Seen(IBreakerStateStore store, string provider, CircuitState state)
    {
        var seen = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
        void Handler(object? sender, BreakerStateChangedEventArgs e)
        {
            if (e.Provider == provider && e.Current.State == state && seen.TrySetResult(Stopwatch.GetTimestamp()))
            {
                store.StateChanged -= Handler;
            }
        }
        store.StateChanged += Handler;
        return seen.Task;
    }

    internal static double Percentile(List<double> sorted, double p) =>
        sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];
}
