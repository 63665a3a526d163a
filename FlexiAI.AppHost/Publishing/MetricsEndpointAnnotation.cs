namespace FlexiAI.AppHost.Publishing;

/// <summary>
/// A project serves Prometheus metrics on <paramref name="Path"/> of its HTTP endpoint
/// (<see cref="Aspire.Hosting.DeploymentExtensions.WithPrometheusMetrics"/>). The Kubernetes step writes a ServiceMonitor
/// for it and, when <paramref name="InFlightGauge"/> is set, makes the autoscaler scale on that gauge per pod beside CPU.
/// </summary>
internal sealed record MetricsEndpointAnnotation(string Path, string? InFlightGauge) : IResourceAnnotation;
