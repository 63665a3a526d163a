namespace FlexiAI.AppHost.Publishing;

/// <summary>One generated file: its name in the output folder and its text (LF line endings).</summary>
internal sealed record KubernetesFile(string Name, string Content);
