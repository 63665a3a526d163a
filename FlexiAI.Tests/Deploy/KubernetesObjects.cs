using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace FlexiAI.Tests.Deploy;

/// <summary>One Kubernetes object read from a YAML file.</summary>
public sealed record KubernetesObject(string File, YamlMappingNode Root)
{
    public string Kind => Root.At("kind").Text();

    /// <summary>metadata.name; empty for a kustomization.</summary>
    public string Name => Root.TryAt("metadata", "name")?.Text() ?? "";

    public override string ToString() => $"{Kind}/{Name} ({File})";
}

/// <summary>An environment variable of a container: a literal value, a Secret reference, or neither (ConfigMap reference).</summary>
public sealed record EnvironmentVariable(string Name, string? Value, string? SecretName, string? SecretKey, YamlMappingNode Node);

/// <summary>
/// Every object in a folder of generated YAML, parsed with YamlDotNet, plus the ConfigMaps its kustomization generates
/// (<c>configMapGenerator</c> literals), as kustomize builds them (without the hash suffix of their names).
/// </summary>
public sealed class KubernetesObjects(IReadOnlyList<KubernetesObject> all)
{
    public IReadOnlyList<KubernetesObject> All { get; } = all;

    public static KubernetesObjects Load(string folder)
    {
        var objects = new List<KubernetesObject>();
        foreach (var path in Directory.EnumerateFiles(folder, "*.yaml").Order(StringComparer.Ordinal))
        {
            var stream = new YamlStream();
            using var reader = new StreamReader(path);
            stream.Load(reader);
            objects.AddRange(stream.Documents.Select(d => new KubernetesObject(Path.GetFileName(path), (YamlMappingNode)d.RootNode)));
        }

        var generated = objects
            .Where(o => o.Kind == "Kustomization" && o.Root.TryAt("configMapGenerator") is not null)
            .SelectMany(o => o.Root.At("configMapGenerator").Items().Select(entry => GeneratedConfigMap(o.File, entry)))
            .ToList();
        return new([.. objects, .. generated]);
    }

    // A configMapGenerator entry as the ConfigMap kustomize makes of it: each literal KEY=value is a string entry.
    private static KubernetesObject GeneratedConfigMap(string file, YamlNode entry)
    {
        var data = new YamlMappingNode();
        foreach (var literal in entry.At("literals").Texts())
        {
            var at = literal.IndexOf('=', StringComparison.Ordinal);
            data.Add(literal[..at], new YamlScalarNode(literal[(at + 1)..]) { Style = ScalarStyle.DoubleQuoted });
        }

        var root = new YamlMappingNode
        {
            { "apiVersion", "v1" },
            { "kind", "ConfigMap" },
            { "metadata", new YamlMappingNode { { "name", entry.At("name").Text() } } },
            { "data", data },
        };
        return new KubernetesObject(file, root);
    }

    public IEnumerable<KubernetesObject> OfKind(string kind) => All.Where(o => o.Kind == kind);

    public KubernetesObject? Find(string kind, string name) => All.SingleOrDefault(o => o.Kind == kind && o.Name == name);

    public KubernetesObject Get(string kind, string name) =>
        Find(kind, name) ?? throw new Xunit.Sdk.XunitException($"No {kind}/{name} among: {string.Join(", ", All)}");

    /// <summary>Deployments and StatefulSets.</summary>
    public IEnumerable<KubernetesObject> Workloads => All.Where(o => o.Kind is "Deployment" or "StatefulSet");

    public static IReadOnlyList<YamlNode> Containers(KubernetesObject workload) =>
        workload.Root.At("spec", "template", "spec", "containers").Items();

    public static YamlNode Container(KubernetesObject workload, string name) =>
        Containers(workload).Single(c => c.At("name").Text() == name);

    public static IReadOnlyList<EnvironmentVariable> Environment(YamlNode container) =>
        container.TryAt("env") is { } env
            ? env.Items().Cast<YamlMappingNode>().Select(v => new EnvironmentVariable(
                v.At("name").Text(),
                v.TryAt("value")?.Text(),
                v.TryAt("valueFrom", "secretKeyRef", "name")?.Text(),
                v.TryAt("valueFrom", "secretKeyRef", "key")?.Text(),
                v)).ToList()
            : [];

    /// <summary>The names of the ConfigMaps a container takes all its keys from (<c>envFrom</c>).</summary>
    public static IReadOnlyList<string> ConfigMapsOf(YamlNode container) =>
        container.TryAt("envFrom") is { } envFrom
            ? envFrom.Items().Select(e => e.TryAt("configMapRef", "name")?.Text()).OfType<string>().ToList()
            : [];
}

/// <summary>Navigation over YamlDotNet's representation model, failing with the path that is missing.</summary>
public static partial class YamlNodes
{
    public static YamlNode At(this YamlNode node, params object[] path) =>
        node.TryAt(path) ?? throw new Xunit.Sdk.XunitException($"No '{string.Join('.', path)}' in:\n{node}");

    public static YamlNode? TryAt(this YamlNode node, params object[] path)
    {
        YamlNode? current = node;
        foreach (var step in path)
        {
            current = (current, step) switch
            {
                (YamlMappingNode map, string key) => map.Children.TryGetValue(new YamlScalarNode(key), out var child) ? child : null,
                (YamlSequenceNode list, int index) => index < list.Children.Count ? list.Children[index] : null,
                _ => null,
            };
            if (current is null)
            {
                return null;
            }
        }

        return current;
    }

    public static string Text(this YamlNode node) =>
        node is YamlScalarNode { Value: { } value } ? value : throw new Xunit.Sdk.XunitException($"Not a scalar: {node}");

    public static int AsInt32(this YamlNode node) => int.Parse(node.Text(), System.Globalization.CultureInfo.InvariantCulture);

    public static IReadOnlyList<YamlNode> Items(this YamlNode node) =>
        node is YamlSequenceNode list ? [.. list.Children] : throw new Xunit.Sdk.XunitException($"Not a sequence: {node}");

    public static IReadOnlyList<string> Texts(this YamlNode node) => node.Items().Select(i => i.Text()).ToList();

    public static IReadOnlyDictionary<string, YamlNode> Entries(this YamlNode node) =>
        node is YamlMappingNode map
            ? map.Children.ToDictionary(e => e.Key.Text(), e => e.Value, StringComparer.Ordinal)
            : throw new Xunit.Sdk.XunitException($"Not a mapping: {node}");

    /// <summary>
    /// Whether Kubernetes (which reads YAML 1.1) takes this scalar as a string: quoted, or plain text that is not a YAML 1.1
    /// boolean, null, number or base-60 number (yes, off, 1:30, 0x1F, .5).
    /// </summary>
    public static bool IsStringForKubernetes(this YamlNode node) =>
        node is YamlScalarNode scalar && (scalar.Style is not (ScalarStyle.Plain or ScalarStyle.Any) || !Yaml11NonString().IsMatch(scalar.Value ?? ""));

    [GeneratedRegex(
        @"^(y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF|~|null|Null|NULL|" +
        @"[-+]?(0b[0-1_]+|0[0-7_]+|(0|[1-9][0-9_]*)|0x[0-9a-fA-F_]+|[1-9][0-9_]*(:[0-5]?[0-9])+)|" +
        @"[-+]?([0-9][0-9_]*)?\.[0-9_]*([eE][-+][0-9]+)?|[-+]?[0-9][0-9_]*(:[0-5]?[0-9])+\.[0-9_]*|[-+]?\.(inf|Inf|INF)|\.(nan|NaN|NAN)|)$")]
    private static partial Regex Yaml11NonString();
}
