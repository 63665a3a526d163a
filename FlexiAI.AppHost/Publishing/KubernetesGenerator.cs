#pragma warning disable ASPIREPROBES001 // Probe annotations: the model's probes are what we publish.

using System.Globalization;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.Logging;
using static FlexiAI.AppHost.Publishing.YamlWriter;

namespace FlexiAI.AppHost.Publishing;

/// <summary>
/// Turns the app model into Kubernetes objects: per project a Deployment (replicas, ports, probes and environment from
/// the model), a Service, a ConfigMap for its plain settings, and with more than one replica a HorizontalPodAutoscaler
/// and a PodDisruptionBudget; for the Redis resource a StatefulSet with AOF persistence, its Services and a
/// NetworkPolicy that admits only the workloads that reference it, or nothing when Redis is external.
/// </summary>
/// <remarks>
/// Secrets never become text: a secret parameter is a <c>secretKeyRef</c> into <see cref="KubernetesSettings.SecretName"/>,
/// and a value composed with one (a connection string with a password) refers to it as <c>$(VARIABLE)</c>, which
/// Kubernetes substitutes in the container. Resources excluded from publishing (the simulator) are not deployed, and
/// environment variables that point at them are left out. A resource the generator cannot map stops it with a message,
/// rather than being skipped in silence.
/// </remarks>
internal sealed class KubernetesGenerator(
    DistributedApplicationModel model,
    DistributedApplicationExecutionContext executionContext,
    KubernetesSettings settings,
    string repositoryRoot,
    ILogger logger)
{
    public const string RegenerateCommand =
        "dotnet run --project FlexiAI.AppHost -- --operation publish --step publish-kubernetes --output-path \"$PWD/deploy/k8s\"";

    private static readonly string s_header =
        "# Generated from the FlexiAI app model by the AppHost's publish-kubernetes step; do not edit by hand.\n" +
        $"# Regenerate: {RegenerateCommand}\n";

    private readonly List<KubernetesFile> _files = [];
    private readonly SortedDictionary<string, SortedSet<string>> _secretKeys = new(StringComparer.Ordinal);
    private readonly List<WorkloadImage> _images = [];

    public async Task<IReadOnlyList<KubernetesFile>> GenerateAsync(CancellationToken cancellationToken)
    {
        var deployed = model.Resources.Where(IsDeployed).ToList();
        var redis = deployed.OfType<RedisResource>().SingleOrDefault();
        var redisClients = new List<string>();

        foreach (var resource in deployed)
        {
            switch (resource)
            {
                case ParameterResource:
                case RedisResource:
                    break;

                case ProjectResource project:
                    var translator = new ValueTranslator(settings, redis, IsDeployed);
                    if (await AddProjectAsync(project, translator, cancellationToken))
                    {
                        redisClients.Add(project.Name);
                    }

                    break;

                default:
                    throw new NotSupportedException(
                        $"Resource '{resource.Name}' ({resource.GetType().Name}) has no Kubernetes mapping. Exclude it from " +
                        "publishing (ExcludeFromManifest()) or add a mapping in FlexiAI.AppHost/Publishing/KubernetesGenerator.cs.");
            }
        }

        if (redis is not null)
        {
            if (settings.Redis == RedisDeployment.StatefulSet)
            {
                await AddRedisAsync(redis, redisClients, cancellationToken);
            }
            else
            {
                logger.LogInformation("Redis '{Name}' is external: no Redis objects; the connection string comes from the Secret.", redis.Name);
            }
        }

        var resources = _files.Select(f => f.Name).Order(StringComparer.Ordinal).ToList();
        Add("kustomization.yaml", Map(
            ("apiVersion", "kustomize.config.k8s.io/v1beta1"),
            ("kind", "Kustomization"),
            ("resources", resources)));
        var secretKeys = _secretKeys.Select(k => new SecretKey(k.Key, k.Value, Describe(k.Key, redis))).ToList();
        _files.Add(new KubernetesFile("README.md", DeploymentReadme.Write(settings, secretKeys, _images, resources)));
        return _files.OrderBy(f => f.Name, StringComparer.Ordinal).ToList();
    }

    private static bool IsDeployed(IResource resource) => !resource.IsExcludedFromPublish();

    // What the operator puts in a key of the Secret: the parameter's description in the model, else what we know of it.
    private string Describe(string key, RedisResource? redis)
    {
        if (redis is not null && key == ValueTranslator.ConnectionStringKey(redis))
        {
            return "Redis connection string (StackExchange.Redis format). Sentinel: `sentinel1:26379,sentinel2:26379,serviceName=mymaster,password=...`; " +
                "Cluster: `node1:6379,node2:6379,node3:6379,password=...`; add `,ssl=true` for TLS.";
        }

        // The Redis password parameter is not among the model's resources; it hangs off the Redis resource.
        var parameter = redis?.PasswordParameter is { } password && password.Name == key
            ? password
            : model.Resources.OfType<ParameterResource>().FirstOrDefault(p => p.Name == key);
        if (!string.IsNullOrWhiteSpace(parameter?.Description))
        {
            return parameter.Description;
        }

        return ReferenceEquals(parameter, redis?.PasswordParameter)
            ? "Redis password: a long random string of letters and digits only (it goes into a connection string)."
            : "";
    }

    // Returns whether the project references the Redis resource.
    private async Task<bool> AddProjectAsync(ProjectResource project, ValueTranslator translator, CancellationToken cancellationToken)
    {
        var name = project.Name;
        var labels = Labels(name);
        var endpoints = project.Annotations.OfType<EndpointAnnotation>().Select(e => DeployedEndpoint.For(project, e)).ToList();
        var environment = await BuildEnvironmentAsync(project, translator, cancellationToken);
        var replicas = project.GetReplicaCount();
        var image = KubernetesDefaults.ImagePrefix + name;
        var projectPath = Path.GetRelativePath(repositoryRoot, project.GetProjectMetadata().ProjectPath).Replace('\\', '/');
        _images.Add(new WorkloadImage(name, image, projectPath));

        if (environment.Settings.Count > 0)
        {
            Add($"{name}-configmap.yaml", Map(
                ("apiVersion", "v1"),
                ("kind", "ConfigMap"),
                ("metadata", Metadata($"{name}-config", labels)),
                ("data", environment.Settings)));
        }

        var container = Map(
            ("name", name),
            ("image", $"{settings.Registry}/{image}:{settings.ImageTag}"),
            ("ports", endpoints.Select(e => (object)Map(("name", e.Name), ("containerPort", e.ContainerPort), ("protocol", "TCP"))).ToList()),
            ("envFrom", environment.Settings.Count > 0 ? List(Map(("configMapRef", Map(("name", $"{name}-config"))))) : null),
            ("env", environment.Variables.Count > 0 ? environment.Variables : null),
            ("readinessProbe", HttpProbe(project, ProbeType.Readiness, KubernetesDefaults.ReadinessPath, endpoints)),
            ("livenessProbe", HttpProbe(project, ProbeType.Liveness, KubernetesDefaults.LivenessPath, endpoints)),
            ("resources", Resources(KubernetesDefaults.ProjectCpuRequest, KubernetesDefaults.ProjectMemoryRequest,
                KubernetesDefaults.ProjectCpuLimit, KubernetesDefaults.ProjectMemoryLimit)),
            ("securityContext", ContainerSecurity()),
            ("volumeMounts", List(Map(("name", "tmp"), ("mountPath", "/tmp")))));

        var podSpec = Map(
            ("automountServiceAccountToken", false),
            ("securityContext", Map(
                ("runAsNonRoot", true),
                ("runAsUser", KubernetesDefaults.DotNetAppUser),
                ("runAsGroup", KubernetesDefaults.DotNetAppUser),
                ("seccompProfile", Map(("type", "RuntimeDefault"))))),
            ("topologySpreadConstraints", replicas > 1
                ? List(Map(
                    ("maxSkew", 1),
                    ("topologyKey", "kubernetes.io/hostname"),
                    ("whenUnsatisfiable", "ScheduleAnyway"),
                    ("labelSelector", Map(("matchLabels", labels)))))
                : null),
            ("containers", List(container)),
            ("volumes", List(Map(("name", "tmp"), ("emptyDir", Map())))));

        Add($"{name}-deployment.yaml", Map(
            ("apiVersion", "apps/v1"),
            ("kind", "Deployment"),
            ("metadata", Metadata(name, labels)),
            ("spec", Map(
                ("replicas", replicas),
                ("selector", Map(("matchLabels", labels))),
                // Never below the model's replica count while a new version rolls out.
                ("strategy", Map(("type", "RollingUpdate"), ("rollingUpdate", Map(("maxSurge", 1), ("maxUnavailable", 0))))),
                ("template", Map(("metadata", Map(("labels", labels))), ("spec", podSpec)))))));

        if (endpoints.Count > 0)
        {
            Add($"{name}-service.yaml", Map(
                ("apiVersion", "v1"),
                ("kind", "Service"),
                ("metadata", Metadata(name, labels)),
                ("spec", Map(
                    ("type", "ClusterIP"),
                    ("selector", labels),
                    ("ports", endpoints.Select(e => (object)Map(
                        ("name", e.Name), ("port", e.ServicePort), ("targetPort", e.Name), ("protocol", "TCP"))).ToList())))));
        }

        if (replicas > 1)
        {
            AddScaling(name, labels, replicas);
        }

        return environment.ReferencesRedis;
    }

    private void AddScaling(string name, OrderedDictionary<string, object> labels, int replicas)
    {
        Add($"{name}-hpa.yaml", Map(
            ("apiVersion", "autoscaling/v2"),
            ("kind", "HorizontalPodAutoscaler"),
            ("metadata", Metadata(name, labels)),
            ("spec", Map(
                ("scaleTargetRef", Map(("apiVersion", "apps/v1"), ("kind", "Deployment"), ("name", name))),
                ("minReplicas", replicas),
                ("maxReplicas", Math.Max(replicas, settings.MaxReplicas)),
                ("metrics", List(Map(
                    ("type", "Resource"),
                    ("resource", Map(
                        ("name", "cpu"),
                        ("target", Map(("type", "Utilization"), ("averageUtilization", KubernetesDefaults.TargetCpuUtilizationPercent))))))))))));

        Add($"{name}-pdb.yaml", Map(
            ("apiVersion", "policy/v1"),
            ("kind", "PodDisruptionBudget"),
            ("metadata", Metadata(name, labels)),
            ("spec", Map(
                ("maxUnavailable", 1),
                ("selector", Map(("matchLabels", labels))),
                // When every provider is down, every gateway pod is unready (readiness = "can some provider serve?");
                // unready pods may still be evicted, so a node drain does not wait for the providers to come back.
                ("unhealthyPodEvictionPolicy", "AlwaysAllow")))));
    }

    private async Task AddRedisAsync(RedisResource redis, List<string> clients, CancellationToken cancellationToken)
    {
        var name = redis.Name;
        var labels = Labels(name);
        var endpoint = DeployedEndpoint.For(redis, redis.PrimaryEndpoint.EndpointAnnotation);
        var translator = new ValueTranslator(settings, redis, IsDeployed);
        var environment = await BuildEnvironmentAsync(redis, translator, cancellationToken);
        if (environment.Settings.Count > 0)
        {
            throw new NotSupportedException($"'{name}' has plain settings ({string.Join(", ", environment.Settings.Keys)}); only its password is mapped.");
        }

        var passwordKey = redis.PasswordParameter?.Name
            ?? throw new NotSupportedException($"'{name}' has no password; the Kubernetes Redis requires one.");
        var passwordVariable = environment.SecretVariables.TryGetValue(passwordKey, out var variable)
            ? variable
            : throw new NotSupportedException($"'{name}' does not receive its password '{passwordKey}' in its environment.");
        if (!redis.TryGetContainerImageName(out var image))
        {
            throw new NotSupportedException($"'{name}' has no container image.");
        }

        var variables = new List<object>(environment.Variables)
        {
            // redis-cli reads the password from REDISCLI_AUTH, which keeps it off the probe's command line.
            SecretVariable("REDISCLI_AUTH", passwordKey),
        };

        var args = new List<object>
        {
            "--port", endpoint.ContainerPort.ToString(CultureInfo.InvariantCulture),
            "--requirepass", $"$({passwordVariable})",
            "--protected-mode", "yes",
            "--dir", "/data",
            "--appendonly", "yes",
            "--appendfsync", "everysec",
            "--save", "",
            "--maxmemory", KubernetesDefaults.RedisMaxMemory,
            "--maxmemory-policy", KubernetesDefaults.RedisMaxMemoryPolicy,
        };
        foreach (var command in KubernetesDefaults.RedisDisabledCommands)
        {
            args.AddRange(["--rename-command", command, ""]);
        }

        var probeTimings = (KubernetesDefaults.ProbeInitialDelaySeconds, KubernetesDefaults.ProbePeriodSeconds,
            KubernetesDefaults.ProbeTimeoutSeconds, KubernetesDefaults.ProbeFailureThreshold);
        var container = Map(
            ("name", "redis"),
            ("image", image),
            ("command", List("redis-server")),
            ("args", args),
            ("ports", List(Map(("name", endpoint.Name), ("containerPort", endpoint.ContainerPort), ("protocol", "TCP")))),
            ("env", variables),
            ("readinessProbe", Probe(("exec", Map(("command", List("sh", "-c", "redis-cli ping | grep -q PONG")))), probeTimings)),
            ("livenessProbe", Probe(("tcpSocket", Map(("port", endpoint.Name))), probeTimings)),
            ("resources", Resources(KubernetesDefaults.RedisCpuRequest, KubernetesDefaults.RedisMemoryRequest,
                KubernetesDefaults.RedisCpuLimit, KubernetesDefaults.RedisMemoryLimit)),
            ("securityContext", ContainerSecurity()),
            ("volumeMounts", List(Map(("name", "data"), ("mountPath", "/data")))));

        var podSpec = Map(
            ("automountServiceAccountToken", false),
            ("securityContext", Map(
                ("runAsNonRoot", true),
                ("runAsUser", KubernetesDefaults.RedisUser),
                ("runAsGroup", KubernetesDefaults.RedisUser),
                ("fsGroup", KubernetesDefaults.RedisUser),
                ("seccompProfile", Map(("type", "RuntimeDefault"))))),
            ("containers", List(container)));

        var volumeClaim = Map(
            ("metadata", Map(("name", "data"), ("labels", labels))),
            ("spec", Map(
                ("accessModes", List("ReadWriteOnce")),
                ("resources", Map(("requests", Map(("storage", KubernetesDefaults.RedisStorage))))))));

        Add($"{name}-statefulset.yaml", Map(
            ("apiVersion", "apps/v1"),
            ("kind", "StatefulSet"),
            ("metadata", Metadata(name, labels)),
            ("spec", Map(
                ("serviceName", $"{name}-headless"),
                ("replicas", 1),
                ("selector", Map(("matchLabels", labels))),
                ("template", Map(("metadata", Map(("labels", labels))), ("spec", podSpec))),
                ("volumeClaimTemplates", List(volumeClaim))))));

        var ports = List(Map(("name", endpoint.Name), ("port", endpoint.ServicePort), ("targetPort", endpoint.Name), ("protocol", "TCP")));
        Add($"{name}-service.yaml", Map(
            ("apiVersion", "v1"),
            ("kind", "Service"),
            ("metadata", Metadata(name, labels)),
            ("spec", Map(("type", "ClusterIP"), ("selector", labels), ("ports", ports)))));
        Add($"{name}-headless-service.yaml", Map(
            ("apiVersion", "v1"),
            ("kind", "Service"),
            ("metadata", Metadata($"{name}-headless", labels)),
            ("spec", Map(("clusterIP", "None"), ("selector", labels), ("ports", ports)))));

        // Only the workloads that reference Redis in the model may open a connection to it.
        var clientPods = Map(
            ("matchLabels", Map(("app.kubernetes.io/part-of", KubernetesDefaults.PartOf))),
            ("matchExpressions", List(Map(
                ("key", "app.kubernetes.io/name"),
                ("operator", "In"),
                ("values", clients.Order(StringComparer.Ordinal).Cast<object>().ToList())))));
        Add($"{name}-networkpolicy.yaml", Map(
            ("apiVersion", "networking.k8s.io/v1"),
            ("kind", "NetworkPolicy"),
            ("metadata", Metadata($"{name}-clients-only", labels)),
            ("spec", Map(
                ("podSelector", Map(("matchLabels", labels))),
                ("policyTypes", List("Ingress")),
                ("ingress", List(Map(
                    ("from", List(Map(("podSelector", clientPods)))),
                    ("ports", List(Map(("protocol", "TCP"), ("port", endpoint.ContainerPort)))))))))));
    }

    /// <summary>The container environment of a resource, sorted into ConfigMap settings, Deployment variables and secrets.</summary>
    private sealed record ContainerEnvironment(
        OrderedDictionary<string, object> Settings,
        List<object> Variables,
        Dictionary<string, string> SecretVariables,
        bool ReferencesRedis);

    private async Task<ContainerEnvironment> BuildEnvironmentAsync(IResource resource, ValueTranslator translator, CancellationToken cancellationToken)
    {
        var values = new Dictionary<string, object>(StringComparer.Ordinal);
        var context = new EnvironmentCallbackContext(executionContext, resource, values, cancellationToken);
        foreach (var callback in resource.Annotations.OfType<EnvironmentCallbackAnnotation>())
        {
            await callback.Callback(context);
        }

        var settingsMap = new OrderedDictionary<string, object>(StringComparer.Ordinal);
        var secretVariables = new List<object>();   // secretKeyRef variables first: $(NAME) may only refer to earlier ones
        var plainVariables = new List<object>();
        var variableOfKey = new Dictionary<string, string>(StringComparer.Ordinal);
        var referencesRedis = false;

        // Whole-secret variables first, so that composed values can refer to them by name.
        var translated = new List<(string Name, EnvironmentValue Value)>();
        foreach (var (name, raw) in values)
        {
            try
            {
                var value = await translator.TranslateAsync(raw, cancellationToken);
                translated.Add((name, value));
                referencesRedis |= References(raw, model.Resources.OfType<RedisResource>().FirstOrDefault());
            }
            catch (ExcludedResourceReferenceException excluded)
            {
                logger.LogInformation("{Resource}: {Variable} left out: it refers to '{Excluded}', which is not deployed.",
                    resource.Name, name, excluded.ResourceName);
            }
        }

        foreach (var (name, value) in translated)
        {
            if (value.WholeSecretKey is { } key)
            {
                secretVariables.Add(SecretVariable(name, key));
                variableOfKey.TryAdd(key, name);
                Use(key, resource.Name);
            }
        }

        foreach (var (name, value) in translated)
        {
            if (value.WholeSecretKey is not null)
            {
                continue;
            }

            if (value.HasSecrets)
            {
                var text = string.Concat(value.Parts.Select(part => part switch
                {
                    ValuePart.Text t => EscapeSubstitution(t.Value),
                    ValuePart.Secret { Format: { } format } => throw new NotSupportedException(
                        $"{resource.Name}: {name} needs secret '{((ValuePart.Secret)part).Key}' with format '{format}', " +
                        "which Kubernetes cannot apply. Reference the resource's connection string instead."),
                    ValuePart.Secret s => $"$({VariableFor(s.Key)})",
                    _ => throw new InvalidOperationException(),
                }));
                plainVariables.Add(Map(("name", name), ("value", text)));
            }
            else if (value.FromReference)
            {
                plainVariables.Add(Map(("name", name), ("value", EscapeSubstitution(value.PlainText))));
            }
            else
            {
                if (LooksSecret(name))
                {
                    throw new InvalidOperationException(
                        $"{resource.Name}: {name} is a plain value in the app model but its name says it is secret. " +
                        "Give it from a secret parameter (AddParameter(name, secret: true)); it would land in a ConfigMap.");
                }

                settingsMap[name] = value.PlainText;
            }
        }

        return new(settingsMap, [.. secretVariables, .. plainVariables], variableOfKey, referencesRedis);

        string VariableFor(string key)
        {
            if (!variableOfKey.TryGetValue(key, out var variable))
            {
                variable = "FLEXIAI_SECRET_" + key.ToUpperInvariant().Replace('-', '_').Replace('.', '_');
                variableOfKey.Add(key, variable);
                secretVariables.Add(SecretVariable(variable, key));
                Use(key, resource.Name);
            }

            return variable;
        }
    }

    private static bool References(object? value, IResource? target)
    {
        if (target is null || value is null)
        {
            return false;
        }

        if (ReferenceEquals(value, target))
        {
            return true;
        }

        return value is IValueWithReferences withReferences && withReferences.References.Any(r => References(r, target));
    }

    // Kubernetes substitutes $(NAME) in env values and args; a literal "$(" is written "$$(".
    private static string EscapeSubstitution(string text) => text.Replace("$(", "$$(", StringComparison.Ordinal);

    internal static bool LooksSecret(string variableName) =>
        variableName.Contains("KEY", StringComparison.OrdinalIgnoreCase) ||
        variableName.Contains("PASSWORD", StringComparison.OrdinalIgnoreCase) ||
        variableName.Contains("SECRET", StringComparison.OrdinalIgnoreCase) ||
        variableName.Contains("TOKEN", StringComparison.OrdinalIgnoreCase) ||
        variableName.StartsWith("ConnectionStrings__", StringComparison.OrdinalIgnoreCase);

    private void Use(string key, string workload)
    {
        if (!_secretKeys.TryGetValue(key, out var users))
        {
            _secretKeys[key] = users = new SortedSet<string>(StringComparer.Ordinal);
        }

        users.Add(workload);
    }

    private static OrderedDictionary<string, object> SecretVariable(string name, string key) => Map(
        ("name", name),
        ("valueFrom", Map(("secretKeyRef", Map(("name", KubernetesSettings.SecretName), ("key", key))))));

    private static OrderedDictionary<string, object> HttpProbe(
        ProjectResource project, ProbeType type, string defaultPath, List<DeployedEndpoint> endpoints)
    {
        var probe = project.Annotations.OfType<EndpointProbeAnnotation>().LastOrDefault(p => p.Type == type);
        var port = probe?.EndpointReference.EndpointName
            ?? endpoints.FirstOrDefault(e => e.Scheme is "http" or "https")?.Name
            ?? throw new NotSupportedException($"'{project.Name}' has no HTTP endpoint for its {type} probe.");
        return Probe(
            ("httpGet", Map(("path", probe?.Path ?? defaultPath), ("port", port))),
            (probe?.InitialDelaySeconds ?? KubernetesDefaults.ProbeInitialDelaySeconds,
                probe?.PeriodSeconds ?? KubernetesDefaults.ProbePeriodSeconds,
                probe?.TimeoutSeconds ?? KubernetesDefaults.ProbeTimeoutSeconds,
                probe?.FailureThreshold ?? KubernetesDefaults.ProbeFailureThreshold));
    }

    private static OrderedDictionary<string, object> Probe(
        (string Key, object Value) handler, (int InitialDelay, int Period, int Timeout, int FailureThreshold) timings) => Map(
        handler,
        ("initialDelaySeconds", timings.InitialDelay),
        ("periodSeconds", timings.Period),
        ("timeoutSeconds", timings.Timeout),
        ("failureThreshold", timings.FailureThreshold));

    private static OrderedDictionary<string, object> Resources(string cpuRequest, string memoryRequest, string cpuLimit, string memoryLimit) => Map(
        ("requests", Map(("cpu", cpuRequest), ("memory", memoryRequest))),
        ("limits", Map(("cpu", cpuLimit), ("memory", memoryLimit))));

    private static OrderedDictionary<string, object> ContainerSecurity() => Map(
        ("allowPrivilegeEscalation", false),
        ("readOnlyRootFilesystem", true),
        ("capabilities", Map(("drop", List("ALL")))));

    private static OrderedDictionary<string, object> Labels(string name) => Map(
        ("app.kubernetes.io/name", name),
        ("app.kubernetes.io/part-of", KubernetesDefaults.PartOf));

    private static OrderedDictionary<string, object> Metadata(string name, OrderedDictionary<string, object> labels) => Map(
        ("name", name),
        ("labels", labels));

    private void Add(string fileName, object value) => _files.Add(new KubernetesFile(fileName, Document(s_header, value)));
}
