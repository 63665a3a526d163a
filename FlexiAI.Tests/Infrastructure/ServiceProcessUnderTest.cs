using System.Diagnostics;

namespace FlexiAI.Tests.Infrastructure;

/// <summary>
/// A FlexiAI service (the gateway or the simulator) in its own process, from its own build output, on a loopback
/// port: its memory is its own, as in a pod. Production environment, warnings-only logging.
/// </summary>
public sealed class ServiceProcessUnderTest : IDisposable
{
    private readonly Process _process;

    private ServiceProcessUnderTest(Process process, Uri baseAddress)
    {
        _process = process;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    /// <summary>Starts <paramref name="project"/> (e.g. <c>FlexiAI.Api</c>) and waits until <c>/health/live</c> answers.</summary>
    public static async Task<ServiceProcessUnderTest> StartAsync(string project, IEnumerable<string> arguments, CancellationToken cancellationToken)
    {
        var directory = RepositoryPaths.BuildOutput(project);
        var port = LoopbackPorts.Free();
        var start = new ProcessStartInfo("dotnet")
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = directory,
        };
        start.ArgumentList.Add(Path.Combine(directory, project + ".dll"));
        foreach (var argument in new[] { "--urls", $"http://127.0.0.1:{port}", "--Logging:LogLevel:Default=Warning" }.Concat(arguments))
        {
            start.ArgumentList.Add(argument);
        }
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {project}");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var service = new ServiceProcessUnderTest(process, new Uri($"http://127.0.0.1:{port}/"));
        using var client = new HttpClient { BaseAddress = service.BaseAddress, Timeout = TimeSpan.FromSeconds(2) };
        try
        {
            await Eventually.TrueAsync(async () =>
            {
                Assert.False(process.HasExited, $"{project} exited at start-up with code {(process.HasExited ? process.ExitCode : 0)}");
                try
                {
                    using var response = await client.GetAsync("health/live", cancellationToken);
                    return response.IsSuccessStatusCode;
                }
                catch (HttpRequestException)
                {
                    return false;
                }
                catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    // The first answer of a process still compiling its code took longer than the client's timeout: ask again.
                    return false;
                }
            }, $"{project} answers /health/live", TimeSpan.FromSeconds(60));
        }
        catch
        {
            service.Dispose();
            throw;
        }
        return service;
    }

    public bool HasExited => _process.HasExited;

    /// <summary>Resident set size now (VmRSS from /proc), in MiB.</summary>
    public double ResidentMebibytes()
    {
        var line = File.ReadLines($"/proc/{_process.Id}/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return double.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture) / 1024;
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }
        _process.Dispose();
    }
}
