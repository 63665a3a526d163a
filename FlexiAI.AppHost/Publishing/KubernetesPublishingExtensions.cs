#pragma warning disable ASPIREPIPELINES001 // The pipeline API is how Aspire 13 publishes; we add one step to it.

using Aspire.Hosting.Pipelines;
using FlexiAI.AppHost.Publishing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Aspire.Hosting;

/// <summary>Publishes the app model as Kubernetes YAML (our own step: Aspire.Hosting.Kubernetes is not used).</summary>
public static class KubernetesPublishingExtensions
{
    /// <summary>The pipeline step's name: <c>--operation publish --step publish-kubernetes</c>, or <c>aspire do publish-kubernetes</c>.</summary>
    public const string StepName = "publish-kubernetes";

    /// <summary>
    /// Adds the <c>publish-kubernetes</c> step, which writes the app model as Kubernetes objects into the output path:
    /// <c>dotnet run --project FlexiAI.AppHost -- --operation publish --step publish-kubernetes --output-path &lt;folder&gt;</c>.
    /// It is also part of <c>aspire publish</c>. Settings: <c>Kubernetes:Redis</c> (<c>statefulset</c> or <c>external</c>),
    /// <c>Kubernetes:MaxReplicas</c>, <c>Kubernetes:InFlightTarget</c>, <c>Kubernetes:RedisImage</c>,
    /// <c>Kubernetes:IngressNamespace</c>. The output folder gets <c>base/</c>, <c>monitoring/</c> and a README.md.
    /// </summary>
    /// <remarks>
    /// The folder's generated files are replaced: files there that carry the generator's header and are no longer
    /// produced are deleted, so a resource removed from the model disappears from the output too.
    /// </remarks>
    public static IDistributedApplicationBuilder AddKubernetesPublishing(this IDistributedApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var appHostDirectory = builder.AppHostDirectory;
        var repositoryRoot = Path.GetFullPath(Path.Combine(appHostDirectory, ".."));

        builder.Pipeline.AddStep(StepName, async context =>
        {
            try
            {
                var options = context.Services.GetRequiredService<IOptions<PipelineOptions>>().Value;
                if (string.IsNullOrWhiteSpace(options.OutputPath))
                {
                    throw new InvalidOperationException($"The {StepName} step needs --output-path <folder> (for example \"$PWD/deploy/k8s\").");
                }

                // As for the manifest: a relative path is taken from the AppHost's folder.
                var output = Path.GetFullPath(Path.Combine(appHostDirectory, options.OutputPath));
                var settings = KubernetesSettings.Read(context.Services.GetRequiredService<IConfiguration>());
                var generator = new KubernetesGenerator(context.Model, context.ExecutionContext, settings, repositoryRoot, context.Logger);
                var files = await generator.GenerateAsync(context.CancellationToken);
                await KubernetesOutput.WriteAsync(output, files, context.CancellationToken);
                PublishingLog.Wrote(context.Logger, files.Count, output, settings.Redis);
            }
            catch
            {
                // Aspire logs a failed step, but `dotnet run` would still exit 0; scripts and CI must see the failure.
                Environment.ExitCode = 1;
                throw;
            }
        }, requiredBy: WellKnownPipelineSteps.Publish);

        return builder;
    }
}
