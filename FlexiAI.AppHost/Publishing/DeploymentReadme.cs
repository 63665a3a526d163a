using System.Globalization;
using System.Text;

namespace FlexiAI.AppHost.Publishing;

/// <summary>A key of the Secret: who uses it and what the operator puts in it.</summary>
internal sealed record SecretKey(string Key, IReadOnlyCollection<string> UsedBy, string Description);

/// <summary>An image the operator builds and pushes: the resource it runs and the project it is built from.</summary>
internal sealed record WorkloadImage(string Resource, string Image, string ProjectPath);

/// <summary>Writes <c>README.md</c> beside the generated objects: what the operator must provide before applying them.</summary>
internal static class DeploymentReadme
{
    public static string Write(
        KubernetesSettings settings,
        IReadOnlyList<SecretKey> secretKeys,
        IReadOnlyList<WorkloadImage> images,
        IReadOnlyList<string> files)
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture,
            $"""
            # FlexiAI on Kubernetes (generated)

            These files are generated from the FlexiAI app model (FlexiAI.AppHost) by its `publish-kubernetes` pipeline step,
            so replicas, ports, probes and settings are the ones `dotnet run --project FlexiAI.AppHost` runs. Do not edit them
            by hand: change the app model, then regenerate (a test fails while they differ):

                {KubernetesGenerator.RegenerateCommand}

            Options: `--Kubernetes:Redis=statefulset|external`, `--Kubernetes:MaxReplicas=<n>`, `--Kubernetes:InFlightTarget=<n>`,
            `--Kubernetes:RedisImage=<image>`, `--Kubernetes:IngressNamespace=<namespace>`. Operations guide: docs/operations.md.
            An example overlay for production (images, Secret name, Ingress, replica bounds): `overlays/production/`.

            Redis: {(settings.Redis == RedisDeployment.StatefulSet
                ? "a StatefulSet in the cluster (AOF every second, password from the Secret, reachable only from the workloads that use it)."
                : "external (Sentinel, Cluster or a managed service); the whole connection string comes from the Secret.")}

            ## 1. Build and push the images

            """);
        text.Append('\n');
        foreach (var image in images)
        {
            text.Append(CultureInfo.InvariantCulture,
                $"    dotnet publish {image.ProjectPath} -c Release -t:PublishContainer -p:ContainerRegistry=$REGISTRY -p:ContainerRepository={image.Image} -p:ContainerImageTag=$TAG\n");
        }

        text.Append(CultureInfo.InvariantCulture,
            $"""

            The objects name the images without registry or tag (`flexiai-gateway`); kustomize's `images:` sets both, as
            `overlays/production/kustomization.yaml` does.

            ## 2. Create the Secret `{KubernetesSettings.SecretName}`

            Containers read every secret through `secretKeyRef`; nothing secret is in these files. An overlay may give the
            Secret another name (`overlays/production/secret-name.yaml` does: `flexiai-production-keys`). Keys:

            | Key | Used by | Value |
            |---|---|---|

            """);
        foreach (var key in secretKeys)
        {
            text.Append(CultureInfo.InvariantCulture, $"| `{key.Key}` | {string.Join(", ", key.UsedBy)} | {key.Description} |\n");
        }

        text.Append(CultureInfo.InvariantCulture,
            $"""

            For example (in the namespace you deploy to):

                kubectl create secret generic {KubernetesSettings.SecretName} \

            """);
        for (var i = 0; i < secretKeys.Count; i++)
        {
            var key = secretKeys[i].Key;
            var value = key.EndsWith("-password", StringComparison.Ordinal) || key.EndsWith("-admin-key", StringComparison.Ordinal) ||
                key.EndsWith("-client-key", StringComparison.Ordinal)
                ? "\"$(openssl rand -hex 32)\""
                : "'...'";
            text.Append(CultureInfo.InvariantCulture, $"      --from-literal={key}={value}{(i < secretKeys.Count - 1 ? " \\" : "")}\n");
        }

        text.Append(
            """

            ## 3. Apply

            Into a namespace of your choice (here `flexiai`), through an overlay that names your images:

                kubectl apply -k deploy/k8s/overlays/production

            The gateway's settings are a kustomize `configMapGenerator` (in `kustomization.yaml`): its name carries a hash of
            its content, so a changed setting rolls the pods. Apply with `-k` (or `kubectl kustomize`), not `-f`.

            ## 4. Monitoring (Prometheus Operator)

            `monitoring/` holds a ServiceMonitor for the gateway and the alert rules of `deploy/prometheus/alerts.yml` as a
            PrometheusRule; apply it where the Prometheus Operator's CRDs exist (`kubectl apply -k deploy/k8s/monitoring -n flexiai`;
            the production overlay includes it). The autoscaler's in-flight metric needs prometheus-adapter with
            `deploy/prometheus-adapter/rules.yaml`; the dashboard is `deploy/grafana/flexiai-dashboard.json`.

            Files (in `base/`):

            """);
        text.Append('\n');
        foreach (var file in files)
        {
            text.Append(CultureInfo.InvariantCulture, $"- `{file}`\n");
        }

        return text.ToString().Replace("\r\n", "\n", StringComparison.Ordinal);
    }
}
