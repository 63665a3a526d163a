using System.ComponentModel;
using System.Diagnostics;
using Microsoft.Extensions.Configuration;

namespace FlexiAI.AppHost.Extensions;

/// <summary>How the AppHost provides the Redis-compatible server behind the <c>cache</c> connection string.</summary>
internal enum RedisMode
{
    /// <summary>Pick the first that works: container, then <c>redis-server</c> from PATH, then embedded Garnet.</summary>
    Auto,

    /// <summary>A Redis container (Aspire.Hosting.Redis); needs a working Docker or Podman engine.</summary>
    Container,

    /// <summary><c>redis-server</c> from PATH, run as an executable resource.</summary>
    Executable,

    /// <summary>The FlexiAI.Garnet project (Microsoft Garnet, a Redis-compatible server in .NET).</summary>
    Garnet,
}

/// <summary>The mode chosen and why, in words fit for the console.</summary>
/// <param name="Mode">The chosen mode, never <see cref="RedisMode.Auto"/>.</param>
/// <param name="Reason">Why it was chosen.</param>
/// <param name="RedisServerPath">The <c>redis-server</c> found on PATH when <paramref name="Mode"/> is <see cref="RedisMode.Executable"/>.</param>
/// <param name="ContainerRuntime">The container runtime that answered when <paramref name="Mode"/> is <see cref="RedisMode.Container"/>.</param>
internal sealed record RedisModeChoice(RedisMode Mode, string Reason, string? RedisServerPath = null, string? ContainerRuntime = null);

/// <summary>
/// Chooses the Redis mode before any resource is added. This has to happen up front: a container resource
/// with no working container runtime makes <c>dotnet run</c> hang at start-up and the testing builder's
/// <c>StartAsync</c> throw after 30 s, so "try the container and fall back" is not an option.
/// </summary>
internal static class RedisModeSelector
{
    /// <summary>The setting that forces a mode (<c>Redis__Mode</c> in the environment).</summary>
    public const string ModeSetting = "Redis:Mode";

    /// <summary>Aspire's own setting naming the container runtime (docker or podman).</summary>
    public const string ContainerRuntimeSetting = "ASPIRE_CONTAINER_RUNTIME";

    private const string RedisServerProgram = "redis-server";

    // `docker info` answers in ~12 ms when the CLI is installed but no engine runs, and in well under a
    // second when one does; 3 s only matters for an engine that hangs.
    private static readonly TimeSpan s_probeTimeout = TimeSpan.FromSeconds(3);

    public static RedisModeChoice Choose(IConfiguration configuration, bool isPublishMode)
    {
        ArgumentNullException.ThrowIfNull(configuration);

        var mode = ParseMode(configuration[ModeSetting]);
        var configuredRuntime = configuration[ContainerRuntimeSetting];

        switch (mode)
        {
            case RedisMode.Container:
                return new(RedisMode.Container, $"{ModeSetting}=container", ContainerRuntime: configuredRuntime);

            case RedisMode.Executable:
                var forcedPath = FindOnPath(RedisServerProgram)
                    ?? throw new InvalidOperationException(
                        $"{ModeSetting}=executable, but '{RedisServerProgram}' was not found on PATH. " +
                        $"Install it (apt-get install redis-server) or set {ModeSetting} to auto, container or garnet.");
                return new(RedisMode.Executable, $"{ModeSetting}=executable", RedisServerPath: forcedPath);

            case RedisMode.Garnet:
                return new(RedisMode.Garnet, $"{ModeSetting}=garnet");
        }

        // Publishing describes the deployment target, which runs containers; the local machine is irrelevant.
        if (isPublishMode)
        {
            return new(RedisMode.Container, "auto while publishing: the deployment target runs containers");
        }

        var runtimes = string.IsNullOrEmpty(configuredRuntime) ? ["docker", "podman"] : new[] { configuredRuntime };
        var notes = new List<string>(runtimes.Length + 1);
        foreach (var runtime in runtimes)
        {
            if (ProbeContainerRuntime(runtime, out var note))
            {
                return new(RedisMode.Container, $"auto: '{runtime} info' succeeded", ContainerRuntime: runtime);
            }

            notes.Add(note);
        }

        var noRuntime = $"no container runtime answered ({string.Join("; ", notes)})";
        if (FindOnPath(RedisServerProgram) is { } path)
        {
            return new(RedisMode.Executable, $"auto: {noRuntime}; found {path}", RedisServerPath: path);
        }

        return new(RedisMode.Garnet, $"auto: {noRuntime}; no {RedisServerProgram} on PATH");
    }

    internal static RedisMode ParseMode(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return RedisMode.Auto;
        }

        return Enum.TryParse<RedisMode>(value.Trim(), ignoreCase: true, out var mode) && Enum.IsDefined(mode)
            ? mode
            : throw new InvalidOperationException(
                $"{ModeSetting} is '{value}'; expected one of auto, container, executable, garnet.");
    }

    /// <summary>Runs <c>{runtime} info</c>: the runtime is usable when it exits 0 within the probe timeout.</summary>
    private static bool ProbeContainerRuntime(string runtime, out string note)
    {
        var startInfo = new ProcessStartInfo(runtime, "info")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };

        using var process = new Process { StartInfo = startInfo };
        try
        {
            process.Start();
        }
        catch (Win32Exception)
        {
            note = $"{runtime}: not installed";
            return false;
        }

        // Drain both pipes so a chatty `info` cannot block on a full buffer.
        process.OutputDataReceived += static (_, _) => { };
        process.ErrorDataReceived += static (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        if (!process.WaitForExit(s_probeTimeout))
        {
            try
            {
                process.Kill(entireProcessTree: true);
            }
            catch (InvalidOperationException)
            {
                // It exited between the timeout and the kill.
            }

            note = $"{runtime} info: no answer within {s_probeTimeout.TotalSeconds:0} s";
            return false;
        }

        note = $"{runtime} info: exit code {process.ExitCode}";
        return process.ExitCode == 0;
    }

    internal static string? FindOnPath(string program)
    {
        var candidates = OperatingSystem.IsWindows() ? [program + ".exe", program] : new[] { program };
        var path = Environment.GetEnvironmentVariable("PATH") ?? string.Empty;
        foreach (var directory in path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            foreach (var candidate in candidates)
            {
                var full = Path.Combine(directory, candidate);
                if (File.Exists(full))
                {
                    return full;
                }
            }
        }

        return null;
    }
}
