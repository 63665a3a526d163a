namespace FlexiAI.AppHost.Publishing;

/// <summary>Writes the generated files into a folder, replacing the ones an earlier run generated.</summary>
internal static class KubernetesOutput
{
    /// <summary>The first line of every generated YAML file, and how stale ones are recognised.</summary>
    public const string YamlMarker = "# Generated from the FlexiAI app model";

    /// <summary>The first line of the generated README.md.</summary>
    public const string ReadmeMarker = "# FlexiAI on Kubernetes (generated)";

    public static async Task WriteAsync(string folder, IReadOnlyList<KubernetesFile> files, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(folder);
        var produced = files.Select(f => f.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var path in Directory.EnumerateFiles(folder))
        {
            if (!produced.Contains(Path.GetFileName(path)) && await IsGeneratedAsync(path, cancellationToken))
            {
                File.Delete(path);
            }
        }

        foreach (var file in files)
        {
            await File.WriteAllTextAsync(Path.Combine(folder, file.Name), file.Content, cancellationToken);
        }
    }

    private static async Task<bool> IsGeneratedAsync(string path, CancellationToken cancellationToken)
    {
        using var reader = new StreamReader(path);
        var first = await reader.ReadLineAsync(cancellationToken) ?? "";
        return first.StartsWith(YamlMarker, StringComparison.Ordinal) || first.StartsWith(ReadmeMarker, StringComparison.Ordinal);
    }
}
