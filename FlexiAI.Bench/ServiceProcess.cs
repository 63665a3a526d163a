using System.Diagnostics;

namespace FlexiAI.Bench;

/// <summary>A FlexiAI service (gateway or simulator) in its own process, Production settings, warnings-only logging.</summary>
public sealed class ServiceProcess : IDisposable
{
    private readonly Process _process;

    private readonly string _allocatedBytesFile;

    private ServiceProcess(Process process, int port, string allocatedBytesFile)
    {
        _process = process;
        _allocatedBytesFile = allocatedBytesFile;
        _client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/") };
    }

    private readonly HttpClient _client;

    public int Id => _process.Id;

    /// <summary>The startup hook that reports allocations (built beside the harness).</summary>
    internal static string AllocationProfilerDll => LoadHarness.Dll(LoadHarness.RepositoryRoot(), "FlexiAI.Bench.AllocationProfiler");

    public static async Task<ServiceProcess> StartAsync(string dll, int port, IEnumerable<string> arguments,
        IReadOnlyDictionary<string, string>? environment = null)
    {
        // Started in its own directory, as deployed: its appsettings.json applies, and the environment its image sets.
        var start = new ProcessStartInfo("dotnet")
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetDirectoryName(dll),
        };
        start.ArgumentList.Add(dll);
        foreach (var argument in new[] { "--urls", $"http://127.0.0.1:{port}", "--Logging:LogLevel:Default=Warning" }.Concat(arguments))
        {
            start.ArgumentList.Add(argument);
        }
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        var allocatedBytesFile = Path.Combine(Path.GetTempPath(), $"flexiai-allocated-{Guid.NewGuid():N}");
        start.Environment["DOTNET_STARTUP_HOOKS"] = AllocationProfilerDll;
        start.Environment["FLEXIAI_ALLOCATED_BYTES"] = allocatedBytesFile;
        foreach (var (name, value) in ImageEnvironment.Of(dll).Concat(environment ?? new Dictionary<string, string>()))
        {
            start.Environment[name] = value;
        }
        var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {dll}");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var client = new HttpClient();
        // Generous: on a 2-core machine shared with other builds a gateway has taken more than 30 s to start.
        var deadline = DateTime.UtcNow.AddSeconds(120);
        while (true)
        {
            try
            {
                using var response = await client.GetAsync($"http://127.0.0.1:{port}/health/live");
                if (response.IsSuccessStatusCode)
                {
                    return new ServiceProcess(process, port, allocatedBytesFile);
                }
            }
            catch (HttpRequestException) when (DateTime.UtcNow < deadline && !process.HasExited)
            {
            }
            catch (HttpRequestException)
            {
                // Never leave behind a process that did not start in time: the caller has nothing to dispose.
                if (!process.HasExited)
                {
                    process.Kill(entireProcessTree: true);
                }
                process.Dispose();
                throw;
            }
            await Task.Delay(50);
        }
    }

    /// <summary>User + system CPU time the process has used (from /proc), in seconds.</summary>
    public double CpuSeconds() => ProcessCpu.Seconds(_process.Id);

    /// <summary>
    /// Bytes the process has allocated so far (precise), as written by the <c>FlexiAI.Bench.AllocationProfiler</c> startup
    /// hook: <see cref="StartAsync"/> loads it into every process, so every proxy is measured the same way.
    /// </summary>
    public async Task<long> AllocatedBytesAsync() =>
        long.Parse(await HookFiles.ReadNextAsync(_allocatedBytesFile), System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Resident set size now (VmRSS, or another field of /proc/{pid}/status such as RssAnon), in MB.</summary>
    public double ResidentMegabytes(string field = "VmRSS:")
    {
        var line = File.ReadLines($"/proc/{_process.Id}/status").FirstOrDefault(l => l.StartsWith(field, StringComparison.Ordinal));
        return line is null ? double.NaN : double.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture) / 1024;
    }

    /// <summary>The process has exited (crashed or killed).</summary>
    public bool HasExited => _process.HasExited;

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }
        File.Delete(_allocatedBytesFile);
        _process.Dispose();
        _client.Dispose();
    }
}
