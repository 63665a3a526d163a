using System.Xml.Linq;
using Microsoft.Extensions.Hosting;

namespace Aspire.Hosting;

/// <summary>Environment shared by the project resources of this app model.</summary>
internal static class ProjectEnvironmentExtensions
{
    /// <summary>
    /// Runs the project in the AppHost's environment (Development under <c>dotnet run</c> and in tests), with the
    /// environment its container image sets.
    /// Our projects run without their launch profiles, because the AppHost owns their ports; a launch
    /// profile is also where ASPNETCORE_ENVIRONMENT would otherwise come from. Publishing leaves it to the target.
    /// </summary>
    public static IResourceBuilder<ProjectResource> WithAppHostEnvironment(this IResourceBuilder<ProjectResource> project)
    {
        var builder = project.ApplicationBuilder;
        if (!builder.ExecutionContext.IsRunMode)
        {
            return project;
        }
        project.WithEnvironment("ASPNETCORE_ENVIRONMENT", builder.Environment.EnvironmentName);
        // What the project's container image sets (its ContainerEnvironmentVariable items, such as the gateway's GC
        // knob), so that a local run behaves as the deployed image; published, the image carries them itself.
        foreach (var variable in XDocument.Load(project.Resource.GetProjectMetadata().ProjectPath).Descendants("ContainerEnvironmentVariable"))
        {
            project.WithEnvironment((string)variable.Attribute("Include")!, (string)variable.Attribute("Value")!);
        }
        return project;
    }

    /// <summary>
    /// The web UI without its sign-in (<c>Ui__RequireSignIn=false</c>) while the AppHost runs it for development, so
    /// the tour needs no key. Published output leaves the setting at its default: sign-in required.
    /// </summary>
    public static IResourceBuilder<ProjectResource> WithoutSignInForDevelopment(this IResourceBuilder<ProjectResource> web)
    {
        var builder = web.ApplicationBuilder;
        return builder.ExecutionContext.IsRunMode && builder.Environment.IsDevelopment()
            ? web.WithEnvironment("Ui__RequireSignIn", "false")
            : web;
    }
}
