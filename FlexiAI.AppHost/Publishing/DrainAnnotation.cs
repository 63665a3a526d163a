namespace FlexiAI.AppHost.Publishing;

/// <summary>
/// How a project drains on shutdown (<see cref="Aspire.Hosting.DeploymentExtensions.WithDrain"/>): the delay during which
/// it answers readiness with 503 but still accepts connections, then the time in-flight requests get to finish. The
/// Kubernetes step turns it into a <c>preStop</c> sleep and a <c>terminationGracePeriodSeconds</c> that covers both.
/// </summary>
internal sealed record DrainAnnotation(TimeSpan DrainTimeout, TimeSpan ReadinessDelay) : IResourceAnnotation
{
    /// <summary>Time Kubernetes leaves between the end of the drain and SIGKILL, for the host's own shutdown work.</summary>
    public static readonly TimeSpan Margin = TimeSpan.FromSeconds(10);

    /// <summary>
    /// The <c>preStop</c> sleep: as long as the readiness delay. Kubernetes removes a terminating pod from its Services at
    /// once, but ingress controllers and kube-proxy learn it later; the pod keeps answering until they have.
    /// </summary>
    public int PreStopSeconds => (int)Math.Ceiling(ReadinessDelay.TotalSeconds);

    /// <summary>preStop sleep + readiness delay + drain timeout + <see cref="Margin"/>: SIGKILL never cuts a drain short.</summary>
    public long TerminationGracePeriodSeconds =>
        PreStopSeconds + (long)Math.Ceiling((ReadinessDelay + DrainTimeout + Margin).TotalSeconds);
}
