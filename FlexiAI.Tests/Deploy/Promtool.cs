using System.Diagnostics;
using FlexiAI.Tests.Infrastructure;

namespace FlexiAI.Tests.Deploy;

/// <summary>Runs <c>promtool check rules</c> on a rule file's text (skipped where promtool is not installed).</summary>
public static class Promtool
{
    public static async Task CheckRulesAsync(string ruleFileText, CancellationToken cancellationToken)
    {
        if (RedisServerProcess.FindOnPath("promtool") is not { } promtool)
        {
            Assert.Skip("promtool is not installed");
            return;
        }

        var file = Path.Combine(Path.GetTempPath(), "flexiai-rules-" + Guid.NewGuid().ToString("N")[..8] + ".yml");
        await File.WriteAllTextAsync(file, ruleFileText, cancellationToken);
        try
        {
            var start = new ProcessStartInfo(promtool) { ArgumentList = { "check", "rules", file }, RedirectStandardOutput = true, RedirectStandardError = true };
            using var process = Process.Start(start)!;
            var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
            var error = await process.StandardError.ReadToEndAsync(cancellationToken);
            await process.WaitForExitAsync(cancellationToken);
            Assert.True(process.ExitCode == 0, $"promtool check rules failed:\n{await output}\n{error}\n{ruleFileText}");
        }
        finally
        {
            File.Delete(file);
        }
    }
}
