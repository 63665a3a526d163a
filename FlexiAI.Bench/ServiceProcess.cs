using System.Diagnostics;

namespace FlexiAI.Bench;

/// <summary>A FlexiAI service (gateway or simulator) in its own process, Production settings, warnings-only logging.</summary>
public sealed class ServiceProcess : IDisposable
{
    private readonly Process _process;

    private ServiceProcess(Process process, int port)
    {
        _process = process;
        _client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/") };
    }

    private readonly HttpClient _client;

    public int Id => _process.Id;

    public static async Task<ServiceProcess> StartAsync(string dll, int port, IEnumerable<string> arguments)
    {
        var start = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(dll);
        foreach (var argument in new[] { "--urls", $"http://127.0.0.1:{port}", "--Logging:LogLevel:Default=Warning" }.Concat(arguments))
        {
            start.ArgumentList.Add(argument);
        }
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {dll}");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var client = new HttpClient();
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            try
            {
                using var response = await client.GetAsync($"http://127.0.0.1:{port}/health/live");
                if (response.IsSuccessStatusCode)
                {
                    return new ServiceProcess(process, port);
                }
            }
            catch (HttpRequestException) when (DateTime.UtcNow < deadline && !process.HasExited)
            {
            }
            await Task.Delay(50);
        }
    }

    /// <summary>User + system CPU time the process has used (from /proc), in seconds.</summary>
    public double CpuSeconds()
    {
        // /proc/{pid}/stat: fields after the command name; utime and stime are the 14th and 15th, in clock ticks (100 Hz).
        var stat = File.ReadAllText($"/proc/{_process.Id}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return (long.Parse(fields[11], System.Globalization.CultureInfo.InvariantCulture) + long.Parse(fields[12], System.Globalization.CultureInfo.InvariantCulture)) / 100.0;
    }

    /// <summary>Bytes the process has allocated: the reference proxy's /alloc, or the gateway's runtime metric in /metrics.</summary>
    public async Task<long> AllocatedBytesAsync()
    {
        using var alloc = await _client.GetAsync("alloc");
        if (alloc.IsSuccessStatusCode)
        {
            return long.Parse(await alloc.Content.ReadAsStringAsync(), System.Globalization.CultureInfo.InvariantCulture);
        }
        var metrics = await _client.GetStringAsync("metrics");
        var line = metrics.Split('\n').First(l => l.StartsWith("dotnet_gc_heap_total_allocated_bytes_total", StringComparison.Ordinal));
        return (long)double.Parse(line[(line.LastIndexOf(' ') + 1)..], System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Resident set size now (VmRSS), in MB.</summary>
    public double ResidentMegabytes()
    {
        var line = File.ReadLines($"/proc/{_process.Id}/status").FirstOrDefault(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return line is null ? double.NaN : double.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture) / 1024;
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }
        _process.Dispose();
        _client.Dispose();
    }
}
