namespace FlexiAI.AppHost.Publishing.Objects;

/// <summary>A <c>kustomization.yaml</c>: the objects of a folder, and the ConfigMaps kustomize generates.</summary>
internal sealed class Kustomization
{
    public string ApiVersion { get; set; } = "kustomize.config.k8s.io/v1beta1";

    public string Kind { get; set; } = "Kustomization";

    public List<string> Resources { get; set; } = [];

    /// <summary>
    /// ConfigMaps built by kustomize with a hash of their content in the name, which kustomize also writes into the
    /// Deployments that use them: a changed setting is a new pod template, so the pods roll.
    /// </summary>
    public List<ConfigMapGenerator>? ConfigMapGenerator { get; set; }
}
