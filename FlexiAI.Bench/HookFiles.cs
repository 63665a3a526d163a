namespace FlexiAI.Bench;

/// <summary>Files the <c>FlexiAI.Bench.AllocationProfiler</c> hook rewrites on a timer (moved into place whole).</summary>
internal static class HookFiles
{
    /// <summary>The file's text as of its next rewrite after this call, so it reflects everything done before the call.</summary>
    public static async Task<string> ReadNextAsync(string path)
    {
        var asked = DateTime.UtcNow;
        while (!File.Exists(path) || File.GetLastWriteTimeUtc(path) <= asked)
        {
            await Task.Delay(50);
        }
        return await File.ReadAllTextAsync(path);
    }
}
