using FlexiAI.AppHost.Extensions;
using Microsoft.Extensions.DependencyInjection;

namespace Aspire.Hosting;

/// <summary>Adds the Redis-compatible server that holds the gateway replicas' shared breaker state.</summary>
public static class RedisHostingExtensions
{
    /// <summary>
    /// Adds a Redis resource whose connection string is named <paramref name="name"/>, choosing how to run it
    /// from the <c>Redis:Mode</c> setting (<c>auto|container|executable|garnet</c>, default <c>auto</c>).
    /// </summary>
    /// <remarks>
    /// <para>auto: a Redis container when <c>docker info</c> (or <c>podman info</c>) succeeds within 3 s; else
    /// <c>redis-server</c> from PATH as an executable resource named <c>redis</c>; else the embedded Garnet server
    /// (the FlexiAI.Garnet project) as a resource named <c>garnet</c>.</para>
    /// <para>In the last two cases the server gets a Redis PING health check, and a connection string resource
    /// named <paramref name="name"/> points at it, so consumers read <c>ConnectionStrings:{name}</c> whichever way
    /// Redis runs. The choice and the reason are written to the console.</para>
    /// </remarks>
    /// <param name="builder">The distributed application builder.</param>
    /// <param name="name">The connection string name consumers use (for example <c>cache</c>).</param>
    /// <returns>The resource to reference and wait for.</returns>
    public static IResourceBuilder<IResourceWithConnectionString> AddFlexiAIRedis(
        this IDistributedApplicationBuilder builder,
        [ResourceName] string name)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrEmpty(name);

        var choice = RedisModeSelector.Choose(builder.Configuration, builder.ExecutionContext.IsPublishMode);
        Console.WriteLine($"Redis for '{name}': {choice.Mode.ToString().ToLowerInvariant()} ({choice.Reason})");

        switch (choice.Mode)
        {
            case RedisMode.Container:
                if (choice.ContainerRuntime is { Length: > 0 } runtime)
                {
                    // Make Aspire use the runtime that answered (podman when docker did not).
                    builder.Configuration[RedisModeSelector.ContainerRuntimeSetting] = runtime;
                }

                var redis = builder.AddRedis(name);
                return builder.CreateResourceBuilder<IResourceWithConnectionString>(redis.Resource);

            case RedisMode.Executable:
                var server = builder.AddExecutable("redis", choice.RedisServerPath!, builder.AppHostDirectory);
                var serverEndpoint = AddTcpEndpoint(server);
                server.WithArgs(context =>
                {
                    context.Args.Add("--port");
                    context.Args.Add(serverEndpoint.Property(EndpointProperty.TargetPort));
                    context.Args.Add("--bind");
                    context.Args.Add("127.0.0.1");
                    // No persistence: breaker state is rebuilt from live traffic and expires anyway.
                    context.Args.Add("--save");
                    context.Args.Add(string.Empty);
                    context.Args.Add("--appendonly");
                    context.Args.Add("no");
                });
                return AddConnectionStringFor(builder, name, server, serverEndpoint);

            default:
                var garnet = builder.AddProject<Projects.FlexiAI_Garnet>("garnet");
                var garnetEndpoint = AddTcpEndpoint(garnet, portEnvironmentVariable: "GARNET_PORT");
                return AddConnectionStringFor(builder, name, garnet, garnetEndpoint);
        }
    }

    // Not proxied: clients talk to the server directly, so stopping the resource in the dashboard really
    // drops their connections (the degraded-mode demo) and pub/sub latency has no extra hop.
    private static EndpointReference AddTcpEndpoint<T>(IResourceBuilder<T> server, string? portEnvironmentVariable = null)
        where T : IResourceWithEndpoints, IResourceWithEnvironment
    {
        server.WithEndpoint(name: "tcp", scheme: "tcp", env: portEnvironmentVariable, isProxied: false);
        return server.GetEndpoint("tcp");
    }

    private static IResourceBuilder<IResourceWithConnectionString> AddConnectionStringFor<T>(
        IDistributedApplicationBuilder builder,
        string name,
        IResourceBuilder<T> server,
        EndpointReference endpoint)
        where T : class, IResourceWithEndpoints, IResourceWithWaitSupport
    {
        // The health check runs only once the server is running, by which time its port is allocated.
        var healthCheckKey = $"{server.Resource.Name}_check";
        builder.Services.AddHealthChecks().AddRedis(
            _ => $"127.0.0.1:{endpoint.Port},connectTimeout=2000",
            name: healthCheckKey);
        server.WithHealthCheck(healthCheckKey);

        var connectionString = builder.AddConnectionString(
            name,
            ReferenceExpression.Create($"{endpoint.Property(EndpointProperty.HostAndPort)}"));
        // So that WaitFor(cache) waits for a healthy server (it does for the container resource too).
        connectionString.WaitFor(server);
        return builder.CreateResourceBuilder<IResourceWithConnectionString>(connectionString.Resource);
    }
}
