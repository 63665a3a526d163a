namespace FlexiAI.AppHost.Publishing;

/// <summary>
/// Writes the generated files into a folder (names may hold a subfolder: <c>monitoring/...</c>), replacing the ones an
/// earlier run generated. Files without the generator's header (the overlays) are never touched.
/// </summary>
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
        foreach (var path in Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories))
        {
            var name = Path.GetRelativePath(folder, path).Replace('\\', '/');
            if (!produced.Contains(name) && await IsGeneratedAsync(path, cancellationToken))
            {
                File.Delete(path);
            }
        }

        foreach (var file in files)
        {
            var path = Path.Combine(folder, file.Name);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            await File.WriteAllTextAsync(path, file.Content, cancellationToken);
        }
    }

    private static async Task<bool> IsGeneratedAsync(string path, CancellationToken cancellationToken)
    {
        using var reader = new StreamReader(path);
        var first = await reader.ReadLineAsync(cancellationToken) ?? "";
        return first.StartsWith(YamlMarker, StringComparison.Ordinal) || first.StartsWith(ReadmeMarker, StringComparison.Ordinal);
    }
}
