using k8s;

namespace FlexiAI.AppHost.Publishing;

/// <summary>Writes a typed Kubernetes object as YAML, after a comment header (KubernetesClient's serializer).</summary>
internal static class YamlWriter
{
    /// <summary>One object as a YAML document, after a comment header; LF line endings.</summary>
    public static string Document(string header, object value)
    {
        var yaml = KubernetesYaml.Serialize(value).Replace("\r\n", "\n", StringComparison.Ordinal);
        return header + (yaml.EndsWith('\n') ? yaml : yaml + "\n");
    }
}
