using Aspire.Hosting.ApplicationModel;

namespace Aspire.Hosting;

/// <summary>Environment shared by the project resources of this app model.</summary>
internal static class ProjectEnvironmentExtensions
{
    /// <summary>
    /// Runs the project in the AppHost's environment (Development under <c>dotnet run</c> and in tests).
    /// Our projects run without their launch profiles, because the AppHost owns their ports; a launch
    /// profile is also where ASPNETCORE_ENVIRONMENT would otherwise come from. Publishing leaves it to the target.
    /// </summary>
    public static IResourceBuilder<ProjectResource> WithAppHostEnvironment(this IResourceBuilder<ProjectResource> project)
    {
        var builder = project.ApplicationBuilder;
        return builder.ExecutionContext.IsRunMode
            ? project.WithEnvironment("ASPNETCORE_ENVIRONMENT", builder.Environment.EnvironmentName)
            : project;
    }
}
