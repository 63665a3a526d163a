namespace FlexiAI.AppHost.Publishing;

/// <summary>One generated file: its path in the output folder (<c>/</c>-separated) and its text (LF line endings).</summary>
internal sealed record KubernetesFile(string Name, string Content);
