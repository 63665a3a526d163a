using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using FlexiAI.AppHost.Publishing;
using Microsoft.Extensions.Logging.Abstractions;

namespace FlexiAI.Tests.Deploy;

/// <summary>The generator refuses what it cannot publish safely, rather than writing something wrong.</summary>
public sealed class GeneratorRulesTests
{
    private static readonly KubernetesSettings Settings = new(RedisDeployment.StatefulSet, MaxReplicas: 10);

    [Fact]
    public async Task A_plain_value_named_like_a_secret_is_refused()
    {
        var builder = PublishingBuilder();
        builder.AddProject("api", ProjectPath(), launchProfileName: null).WithHttpEndpoint(name: "http").WithEnvironment("Provider__ApiKey", "sk-in-the-model");

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => GenerateAsync(builder));

        Assert.Contains("Provider__ApiKey", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("sk-in-the-model", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_secret_parameter_becomes_a_secretKeyRef()
    {
        var builder = PublishingBuilder();
        var key = builder.AddParameter("api-key", secret: true);
        builder.AddProject("api", ProjectPath(), launchProfileName: null).WithHttpEndpoint(name: "http").WithEnvironment("Provider__ApiKey", key);

        var files = await GenerateAsync(builder);

        var deployment = files.Single(f => f.Name == "base/api-deployment.yaml").Content;
        Assert.Contains("key: api-key", deployment, StringComparison.Ordinal);
        Assert.DoesNotContain("ApiKey", files.Single(f => f.Name == "base/kustomization.yaml").Content, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_resource_without_a_Kubernetes_mapping_stops_the_generator()
    {
        var builder = PublishingBuilder();
        builder.AddContainer("mystery", "nginx");

        var error = await Assert.ThrowsAsync<NotSupportedException>(() => GenerateAsync(builder));

        Assert.Contains("mystery", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_resource_excluded_from_publishing_is_left_out_with_the_variables_that_point_at_it()
    {
        var builder = PublishingBuilder();
        var tool = builder.AddProject("tool", ProjectPath(), launchProfileName: null).WithHttpEndpoint(name: "http").AsDevelopmentTool();
        builder.AddProject("api", ProjectPath(), launchProfileName: null).WithHttpEndpoint(name: "http").WithReference(tool.GetEndpoint("http"));

        var files = await GenerateAsync(builder);

        Assert.DoesNotContain(files, f => f.Name.StartsWith("base/tool-", StringComparison.Ordinal));
        Assert.DoesNotContain(files, f => f.Content.Contains("tool", StringComparison.Ordinal) && f.Name.EndsWith(".yaml", StringComparison.Ordinal));
    }

    // A small app model of its own, in publish mode (nothing is started, so no AppHost project is needed).
    private static IDistributedApplicationBuilder PublishingBuilder() =>
        DistributedApplication.CreateBuilder(["--operation", "publish", "--step", "publish-kubernetes", "--output-path", Path.GetTempPath()]);

    private static string ProjectPath() => Path.Combine(AppHostPublisher.RepositoryRoot(), "FlexiAI.Api", "FlexiAI.Api.csproj");

    private static async Task<IReadOnlyList<KubernetesFile>> GenerateAsync(IDistributedApplicationBuilder builder)
    {
        var model = new DistributedApplicationModel(builder.Resources);
        var generator = new KubernetesGenerator(model, builder.ExecutionContext, Settings, AppHostPublisher.RepositoryRoot(), NullLogger.Instance);
        return await generator.GenerateAsync(TestContext.Current.CancellationToken);
    }
}
