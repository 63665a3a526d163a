using Aspire.Hosting.Testing;

namespace FlexiAI.Tests.Deploy;

/// <summary>
/// Runs the AppHost's publishing in this process, exactly as <c>dotnet run --project FlexiAI.AppHost -- args</c> does:
/// the real app model, its appsettings and the real pipeline steps (<c>publish-manifest</c>, <c>publish-kubernetes</c>).
/// </summary>
public static class AppHostPublisher
{
    public static readonly TimeSpan Timeout = TimeSpan.FromMinutes(2);

    /// <summary><c>--operation publish --step publish-kubernetes --output-path folder</c>, plus <paramref name="settings"/>.</summary>
    public static Task PublishKubernetesAsync(string folder, CancellationToken cancellationToken, params string[] settings) =>
        RunAsync(["--operation", "publish", "--step", "publish-kubernetes", "--output-path", folder, .. settings], cancellationToken);

    /// <summary><c>--publisher manifest --output-path file</c>: the Aspire manifest azd reads.</summary>
    public static Task PublishManifestAsync(string file, CancellationToken cancellationToken) =>
        RunAsync(["--publisher", "manifest", "--output-path", file], cancellationToken);

    private static async Task RunAsync(string[] args, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Timeout);
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.FlexiAI_AppHost>(args, timeout.Token);
        await using var app = await builder.BuildAsync(timeout.Token);
        await app.RunAsync(timeout.Token);
    }

    /// <summary>The repository's root folder (where FlexiAI.sln is).</summary>
    public static string RepositoryRoot() => Infrastructure.RepositoryPaths.Root;
}
