#pragma warning disable ASPIREPROBES001 // Probe annotations: what the Kubernetes step publishes as probes.

using System.Globalization;
using FlexiAI.AppHost.Publishing;

namespace Aspire.Hosting;

/// <summary>
/// What the app model says about deployment: probes, which resources are development tools and are not deployed, and
/// the keys a deployed gateway needs. The manifest (azd) and the Kubernetes step both read the model, so they agree.
/// </summary>
public static class DeploymentExtensions
{
    /// <summary>Secret parameter with the gateway's first client key (<c>FlexiAI__Auth__ClientKeys__0</c>).</summary>
    public const string ClientKeyParameter = "gateway-client-key";

    /// <summary>Secret parameter with the gateway's first admin key (<c>FlexiAI__Auth__AdminKeys__0</c>).</summary>
    public const string AdminKeyParameter = "gateway-admin-key";

    /// <summary>
    /// HTTP readiness and liveness probes on the resource's <c>http</c> endpoint: first after 5 s, every 10 s, 3 s to answer,
    /// 3 misses in a row to fail. Aspire also checks the resource's health with them under <c>dotnet run</c>, and the
    /// Kubernetes step publishes them as the pod's probes.
    /// </summary>
    /// <param name="project">The project resource.</param>
    /// <param name="readinessPath">Path of the readiness probe (can it take traffic?).</param>
    /// <param name="livenessPath">Path of the liveness probe (is the process alive?); must not depend on other services.</param>
    /// <returns>The builder, for chaining.</returns>
    public static IResourceBuilder<ProjectResource> WithHealthProbes(
        this IResourceBuilder<ProjectResource> project, string readinessPath, string livenessPath)
    {
        ArgumentNullException.ThrowIfNull(project);
        ArgumentException.ThrowIfNullOrEmpty(readinessPath);
        ArgumentException.ThrowIfNullOrEmpty(livenessPath);

        return project
            .WithHttpProbe(ProbeType.Readiness, readinessPath, initialDelaySeconds: 5, periodSeconds: 10, timeoutSeconds: 3, failureThreshold: 3)
            .WithHttpProbe(ProbeType.Liveness, livenessPath, initialDelaySeconds: 5, periodSeconds: 10, timeoutSeconds: 3, failureThreshold: 3);
    }

    /// <summary>The gateway's drain timeout (ARCHITECTURE.md, "Shutdown"): in-flight requests get this long after SIGTERM.</summary>
    public const string DrainTimeoutVariable = "FlexiAI__Shutdown__DrainTimeout";

    /// <summary>The gateway's readiness delay: readiness answers 503 at once, connections are accepted this long.</summary>
    public const string ReadinessDelayVariable = "FlexiAI__Shutdown__ReadinessDelay";

    /// <summary>
    /// Sets the gateway's drain (<c>FlexiAI:Shutdown:DrainTimeout</c> and <c>ReadinessDelay</c>) in the app model, so that
    /// the process and its deployment agree: the Kubernetes step gives the pod a <c>preStop</c> sleep of the readiness delay
    /// and a <c>terminationGracePeriodSeconds</c> of sleep + delay + drain timeout + 10 s.
    /// </summary>
    /// <param name="project">The project resource.</param>
    /// <param name="drainTimeout">How long in-flight requests and streams get to finish after SIGTERM.</param>
    /// <param name="readinessDelay">How long readiness answers 503 while connections are still accepted.</param>
    /// <returns>The builder, for chaining.</returns>
    public static IResourceBuilder<ProjectResource> WithDrain(
        this IResourceBuilder<ProjectResource> project, TimeSpan drainTimeout, TimeSpan readinessDelay)
    {
        ArgumentNullException.ThrowIfNull(project);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(drainTimeout, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(readinessDelay, TimeSpan.Zero);

        return project
            .WithEnvironment(DrainTimeoutVariable, drainTimeout.ToString("c", CultureInfo.InvariantCulture))
            .WithEnvironment(ReadinessDelayVariable, readinessDelay.ToString("c", CultureInfo.InvariantCulture))
            .WithAnnotation(new DrainAnnotation(drainTimeout, readinessDelay));
    }

    /// <summary>
    /// Says that the project serves Prometheus metrics on <paramref name="path"/>: the Kubernetes step writes a
    /// ServiceMonitor for it, and with <paramref name="inFlightGauge"/> its autoscaler scales on that gauge per pod
    /// (through prometheus-adapter, <c>deploy/prometheus-adapter/rules.yaml</c>) beside CPU.
    /// </summary>
    /// <param name="project">The project resource.</param>
    /// <param name="path">The metrics path on the project's HTTP endpoint.</param>
    /// <param name="inFlightGauge">A gauge of the work in flight on one replica, in Prometheus naming; or none.</param>
    /// <returns>The builder, for chaining.</returns>
    public static IResourceBuilder<ProjectResource> WithPrometheusMetrics(
        this IResourceBuilder<ProjectResource> project, string path, string? inFlightGauge = null)
    {
        ArgumentNullException.ThrowIfNull(project);
        ArgumentException.ThrowIfNullOrEmpty(path);
        return project.WithAnnotation(new MetricsEndpointAnnotation(path, inFlightGauge));
    }

    /// <summary>
    /// Marks a resource as a development tool: it runs under <c>dotnet run</c> and in tests, and is left out of
    /// everything published (the azd manifest, the Kubernetes YAML).
    /// </summary>
    /// <typeparam name="T">The resource type.</typeparam>
    /// <param name="tool">The resource.</param>
    /// <returns>The builder, for chaining.</returns>
    public static IResourceBuilder<T> AsDevelopmentTool<T>(this IResourceBuilder<T> tool)
        where T : IResource
    {
        ArgumentNullException.ThrowIfNull(tool);
        return tool.ExcludeFromManifest();
    }

    /// <summary>
    /// References a development tool (<see cref="AsDevelopmentTool{T}"/>) only where it exists: under <c>dotnet run</c>.
    /// A published resource must not point at something that is not deployed.
    /// </summary>
    /// <typeparam name="T">The resource type.</typeparam>
    /// <typeparam name="TTool">The tool's resource type.</typeparam>
    /// <param name="builder">The resource that uses the tool.</param>
    /// <param name="tool">The development tool.</param>
    /// <returns>The builder, for chaining.</returns>
    public static IResourceBuilder<T> WithDevelopmentToolReference<T, TTool>(this IResourceBuilder<T> builder, IResourceBuilder<TTool> tool)
        where T : IResourceWithEnvironment
        where TTool : class, IResourceWithServiceDiscovery
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(tool);
        return builder.ApplicationBuilder.ExecutionContext.IsRunMode ? builder.WithReference(tool) : builder;
    }

    /// <summary>
    /// When publishing, gives the gateway a client key and an admin key from secret parameters: a deployed gateway must
    /// not be open (ARCHITECTURE.md, "Authentication"; <c>FlexiAI:Auth</c>). Under <c>dotnet run</c> nothing changes:
    /// keys there are optional. A parameter or variable the model already has is kept.
    /// </summary>
    /// <param name="gateway">The gateway project resource.</param>
    /// <returns>The gateway builder, for chaining.</returns>
    public static IResourceBuilder<ProjectResource> WithDeploymentAuthKeys(this IResourceBuilder<ProjectResource> gateway)
    {
        ArgumentNullException.ThrowIfNull(gateway);
        var builder = gateway.ApplicationBuilder;
        if (!builder.ExecutionContext.IsPublishMode)
        {
            return gateway;
        }

        var (clientKey, adminKey) = KeyParameters(builder);
        return gateway.WithEnvironment(context =>
        {
            context.EnvironmentVariables.TryAdd("FlexiAI__Auth__ClientKeys__0", clientKey.Resource);
            context.EnvironmentVariables.TryAdd("FlexiAI__Auth__AdminKeys__0", adminKey.Resource);
        });
    }

    /// <summary>
    /// When publishing, gives the web UI the keys it presents to the gateway (<c>Ui__ApiKey</c> for chat, <c>Ui__AdminKey</c>
    /// for the breaker board and its admin actions): the same secret parameters as <see cref="WithDeploymentAuthKeys"/>.
    /// </summary>
    /// <param name="web">The web UI project resource.</param>
    /// <returns>The web builder, for chaining.</returns>
    public static IResourceBuilder<ProjectResource> WithDeploymentGatewayKeys(this IResourceBuilder<ProjectResource> web)
    {
        ArgumentNullException.ThrowIfNull(web);
        var builder = web.ApplicationBuilder;
        if (!builder.ExecutionContext.IsPublishMode)
        {
            return web;
        }

        var (clientKey, adminKey) = KeyParameters(builder);
        return web.WithEnvironment(context =>
        {
            context.EnvironmentVariables.TryAdd("Ui__ApiKey", clientKey.Resource);
            context.EnvironmentVariables.TryAdd("Ui__AdminKey", adminKey.Resource);
        });
    }

    private static (IResourceBuilder<ParameterResource> Client, IResourceBuilder<ParameterResource> Admin) KeyParameters(IDistributedApplicationBuilder builder) =>
    (
        SecretParameter(builder, ClientKeyParameter,
            "Client key of the gateway (Authorization: Bearer ...); more keys go in FlexiAI__Auth__ClientKeys__1 and so on."),
        SecretParameter(builder, AdminKeyParameter,
            "Admin key of the gateway (POST /providers/{name}/reset and /open); the web UI uses it for its board and admin buttons.")
    );

    private static IResourceBuilder<ParameterResource> SecretParameter(IDistributedApplicationBuilder builder, string name, string description)
    {
        var existing = builder.Resources.OfType<ParameterResource>().FirstOrDefault(p => p.Name == name);
        return existing is not null
            ? builder.CreateResourceBuilder(existing)
            : builder.AddParameter(name, secret: true).WithDescription(description);
    }
}
