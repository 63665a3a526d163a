namespace FlexiAI.Tests.Infrastructure;

public static class RepositoryPaths
{
    /// <summary>The folder holding FlexiAI.sln, found upwards from the test assembly.</summary>
    public static string Root { get; } = Find();

    /// <summary>Where <paramref name="project"/> was built beside the tests, in the same configuration (…/FlexiAI.Tests/bin/{Configuration}/net10.0/).</summary>
    public static string BuildOutput(string project)
    {
        var configuration = new DirectoryInfo(Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory)).Parent?.Name ?? "Debug";
        return Path.Combine(Root, project, "bin", configuration, "net10.0");
    }

    private static string Find()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "FlexiAI.sln")))
        {
            directory = directory.Parent;
        }
        return directory?.FullName ?? throw new InvalidOperationException("The tests run from inside the repository.");
    }
}
