namespace FlexiAI.AppHost.Publishing;

/// <summary>
/// An endpoint of the app model as it exists in Kubernetes: a named container port behind a Service of the resource's
/// name. The container port is the endpoint's target port; a project has none in the model (the deployment target
/// picks it), so it gets <see cref="ProjectContainerPort"/>, the port .NET container images listen on. The Service
/// port is the endpoint's port in the model (the one <c>dotnet run</c> uses), else the container port.
/// </summary>
internal sealed record DeployedEndpoint(string Service, string Name, string Scheme, int ContainerPort, int ServicePort)
{
    /// <summary>The port ASP.NET Core listens on in .NET 8+ container images (<c>ASPNETCORE_HTTP_PORTS</c>).</summary>
    public const int ProjectContainerPort = 8080;

    public string Url => $"{Scheme}://{Service}:{ServicePort}";

    public static DeployedEndpoint For(IResource resource, EndpointAnnotation endpoint)
    {
        ArgumentNullException.ThrowIfNull(resource);
        ArgumentNullException.ThrowIfNull(endpoint);

        var containerPort = endpoint.TargetPort
            ?? (resource is ProjectResource && resource.Annotations.OfType<EndpointAnnotation>().Count() == 1
                ? ProjectContainerPort
                : throw new NotSupportedException(
                    $"Endpoint '{endpoint.Name}' of '{resource.Name}' has no target port; give it one in the app model " +
                    "(WithHttpEndpoint(targetPort: ...)) so that the Kubernetes container port is known."));
        return new(resource.Name, endpoint.Name, endpoint.UriScheme, containerPort, endpoint.Port ?? containerPort);
    }
}
