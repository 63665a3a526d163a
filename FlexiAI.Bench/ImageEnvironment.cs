using System.Xml.Linq;

namespace FlexiAI.Bench;

/// <summary>
/// The environment a project's container image sets (its <c>ContainerEnvironmentVariable</c> items), so that the
/// harnesses run each app as it is deployed: the gateway's image sets a GC knob the runtime reads from the environment
/// only (<c>FlexiAI.Api.csproj</c>).
/// </summary>
internal static class ImageEnvironment
{
    /// <summary>The variables of the project that built <paramref name="dll"/> (<c>Name/bin/Configuration/tfm/Name.dll</c>).</summary>
    public static IReadOnlyDictionary<string, string> Of(string dll)
    {
        var name = Path.GetFileNameWithoutExtension(dll);
        var project = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(dll)!, "..", "..", "..", name + ".csproj"));
        if (!File.Exists(project))
        {
            return new Dictionary<string, string>();
        }
        return XDocument.Load(project).Descendants("ContainerEnvironmentVariable")
            .ToDictionary(item => (string)item.Attribute("Include")!, item => (string)item.Attribute("Value")!);
    }
}
