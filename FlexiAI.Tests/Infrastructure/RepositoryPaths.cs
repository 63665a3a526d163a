namespace FlexiAI.Tests.Infrastructure;

public static class RepositoryPaths
{
    /// <summary>The folder holding FlexiAI.sln, found upwards from the test assembly.</summary>
    public static string Root { get; } = Find();

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
