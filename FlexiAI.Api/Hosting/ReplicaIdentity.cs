using FlexiAI.Options;
using Microsoft.Extensions.Options;

namespace FlexiAI.Api.Hosting;

/// <summary>
/// This replica's stable id, shown in every response (<c>x-flexiai-replica</c>), in <c>/providers</c> and <c>/health</c>.
/// From <c>FlexiAI:ReplicaId</c>, else Aspire's instance id (<c>service.instance.id</c> in <c>OTEL_RESOURCE_ATTRIBUTES</c>),
/// else the pod name (<c>HOSTNAME</c> in Kubernetes), else the machine name and process id.
/// </summary>
public sealed class ReplicaIdentity(IOptions<FlexiAIOptions> options, IConfiguration configuration)
{
    public string Id { get; } = Resolve(options.Value.ReplicaId, configuration);

    private static string Resolve(string? configured, IConfiguration configuration)
    {
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return configured;
        }
        foreach (var attribute in (configuration["OTEL_RESOURCE_ATTRIBUTES"] ?? "").Split(','))
        {
            var pair = attribute.Split('=', 2);
            if (pair.Length == 2 && pair[0].Trim() == "service.instance.id" && !string.IsNullOrWhiteSpace(pair[1]))
            {
                // Aspire gives replicas a bare suffix ("gxfqyswh"): prefix the service name so ids read as "gateway-gxfqyswh".
                var instance = pair[1].Trim();
                var service = configuration["OTEL_SERVICE_NAME"];
                return string.IsNullOrWhiteSpace(service) || instance.StartsWith(service, StringComparison.Ordinal) ? instance : $"{service}-{instance}";
            }
        }
        var host = configuration["HOSTNAME"];
        return !string.IsNullOrWhiteSpace(host) && configuration["KUBERNETES_SERVICE_HOST"] is not null
            ? host
            : $"{Environment.MachineName.ToLowerInvariant()}-{Environment.ProcessId}";
    }
}
