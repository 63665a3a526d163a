namespace FlexiAI.AppHost.Publishing.Objects;

/// <summary>An entry of a kustomization's <c>configMapGenerator</c>: a ConfigMap from <c>KEY=value</c> literals.</summary>
internal sealed class ConfigMapGenerator
{
    public string Name { get; set; } = "";

    public List<string> Literals { get; set; } = [];
}
