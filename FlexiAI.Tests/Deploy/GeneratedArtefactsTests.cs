using System.Text.Json.Nodes;

namespace FlexiAI.Tests.Deploy;

/// <summary>
/// The committed <c>deploy/</c> folder is exactly what the app model generates today: a change to the model (a port, a
/// replica count, a setting) that is not regenerated fails here, with the command that fixes it.
/// </summary>
[Collection(DeploymentCollection.Name)]
public sealed class GeneratedArtefactsTests(DeploymentFixture fixture)
{
    private const string RegenerateKubernetes =
        "dotnet run --project FlexiAI.AppHost -- --operation publish --step publish-kubernetes --output-path \"$PWD/deploy/k8s\"";

    private const string RegenerateManifest =
        "dotnet run --project FlexiAI.AppHost -- --publisher manifest --output-path \"$PWD/deploy/aspire-manifest.json\"";

    private static string Deploy => Path.Combine(AppHostPublisher.RepositoryRoot(), "deploy");

    [Fact]
    public void Committed_Kubernetes_files_are_what_the_app_model_generates()
    {
        var committed = Path.Combine(Deploy, "k8s");
        var expected = Files(fixture.KubernetesFolder);
        var actual = Files(committed);

        var missing = expected.Keys.Except(actual.Keys).ToList();
        var extra = actual.Keys.Except(expected.Keys).ToList();
        var changed = expected.Keys.Intersect(actual.Keys).Where(name => expected[name] != actual[name]).ToList();

        Assert.True(missing.Count + extra.Count + changed.Count == 0,
            $"deploy/k8s differs from what the app model generates (missing: [{string.Join(", ", missing)}], " +
            $"not generated any more: [{string.Join(", ", extra)}], changed: [{string.Join(", ", changed)}]). " +
            $"Regenerate from the repository root: {RegenerateKubernetes}");
    }

    [Fact]
    public void Committed_manifest_is_what_the_app_model_generates()
    {
        var committed = Path.Combine(Deploy, "aspire-manifest.json");
        Assert.True(File.Exists(committed), $"deploy/aspire-manifest.json is missing. Generate it: {RegenerateManifest}");

        var expected = Normalize(fixture.ManifestFile);
        var actual = Normalize(committed);
        Assert.True(JsonNode.DeepEquals(expected, actual),
            $"deploy/aspire-manifest.json differs from what the app model generates. Regenerate from the repository root: {RegenerateManifest}");
    }

    [Theory]
    [InlineData("base")]
    [InlineData("monitoring")]
    public void Kustomization_lists_every_generated_object_file(string folder)
    {
        var objects = folder == "base" ? fixture.Objects : fixture.Monitoring;
        var listed = objects.Get("Kustomization", "").Root.At("resources").Texts();
        var files = Directory.EnumerateFiles(Path.Combine(fixture.KubernetesFolder, folder), "*.yaml")
            .Select(path => Path.GetFileName(path))
            .Where(name => name != "kustomization.yaml")
            .Order(StringComparer.Ordinal)
            .ToList();

        Assert.NotEmpty(files);
        Assert.Equal(files, listed);
    }

    [Fact]
    public void Every_file_says_it_is_generated_and_how_to_regenerate_it()
    {
        var paths = Directory.EnumerateFiles(fixture.KubernetesFolder, "*.yaml", SearchOption.AllDirectories).ToList();
        Assert.Contains(paths, path => path.Contains("monitoring", StringComparison.Ordinal));
        foreach (var path in paths)
        {
            var lines = File.ReadLines(path).Take(2).ToList();
            Assert.StartsWith("# Generated from the FlexiAI app model", lines[0], StringComparison.Ordinal);
            Assert.Contains(RegenerateKubernetes, lines[1], StringComparison.Ordinal);
        }
    }

    // Path in the folder -> text with LF line endings (a checkout on Windows may have CRLF). The overlays are the
    // operator's examples, written by hand: not generated, not compared.
    private static Dictionary<string, string> Files(string folder) =>
        Directory.Exists(folder)
            ? Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories)
                .Select(path => (Name: Path.GetRelativePath(folder, path).Replace('\\', '/'), Path: path))
                .Where(file => !file.Name.StartsWith("overlays/", StringComparison.Ordinal))
                .ToDictionary(
                    file => file.Name,
                    file => File.ReadAllText(file.Path).Replace("\r\n", "\n", StringComparison.Ordinal),
                    StringComparer.Ordinal)
            : [];

    // The manifest names projects by a path relative to itself; resolve them, so that the copy in a temporary folder
    // and the committed one compare equal when they name the same projects.
    private static JsonNode Normalize(string manifestPath)
    {
        var root = JsonNode.Parse(File.ReadAllText(manifestPath))!;
        var folder = Path.GetDirectoryName(manifestPath)!;
        foreach (var (_, resource) in root["resources"]!.AsObject())
        {
            if (resource?["path"] is JsonValue path)
            {
                resource["path"] = Path.GetFullPath(Path.Combine(folder, path.GetValue<string>()));
            }
        }

        return root;
    }
}
