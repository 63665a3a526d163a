#pragma warning disable ASPIREPROBES001 // Probe annotations: the model's probes are what we publish.

using FlexiAI.AppHost.Publishing.Objects;
using k8s.Models;
using Microsoft.Extensions.Logging;
using static FlexiAI.AppHost.Publishing.KubernetesObjectParts;

namespace FlexiAI.AppHost.Publishing;

/// <summary>
/// Turns the app model into typed Kubernetes objects (KubernetesClient's <c>V1Deployment</c>, ...): per project a
/// Deployment (ports, probes, drain and environment from the model), a Service, its plain settings as a kustomize
/// <c>configMapGenerator</c> (a changed setting rolls the pods), a NetworkPolicy, and with more than one replica a
/// HorizontalPodAutoscaler (without <c>replicas</c> in the Deployment, which the autoscaler owns) and a
/// PodDisruptionBudget; for the Redis resource a StatefulSet with AOF persistence and its Services and NetworkPolicy,
/// or nothing when Redis is external; in <c>monitoring/</c> a ServiceMonitor per metrics endpoint and a PrometheusRule
/// built from <c>deploy/prometheus/alerts.yml</c>.
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

    /// <summary>The subfolder with the workloads' objects: the kustomize base the overlays (<c>overlays/</c>) build on.</summary>
    public const string BaseFolder = "base";

    /// <summary>The subfolder with the Prometheus Operator objects (their CRDs must exist before they are applied).</summary>
    public const string MonitoringFolder = "monitoring";

    /// <summary>The alert rules the PrometheusRule is built from, relative to the repository root.</summary>
    public const string AlertRulesPath = "deploy/prometheus/alerts.yml";

    private static readonly string s_header =
        "# Generated from the FlexiAI app model by the AppHost's publish-kubernetes step; do not edit by hand.\n" +
        $"# Regenerate: {RegenerateCommand}\n";

    private readonly List<KubernetesFile> _files = [];
    private readonly List<KubernetesFile> _monitoringFiles = [];
    private readonly List<ConfigMapGenerator> _configMaps = [];
    private readonly List<DeployedWorkload> _workloads = [];
    private readonly SortedDictionary<string, SortedSet<string>> _secretKeys = new(StringComparer.Ordinal);
    private readonly List<WorkloadImage> _images = [];

    public async Task<IReadOnlyList<KubernetesFile>> GenerateAsync(CancellationToken cancellationToken)
    {
        var deployed = model.Resources.Where(IsDeployed).ToList();
        var redis = deployed.OfType<RedisResource>().SingleOrDefault();

        foreach (var resource in deployed)
        {
            switch (resource)
            {
                case ParameterResource:
                case RedisResource:
                    break;

                case ProjectResource project:
                    await AddProjectAsync(project, new ValueTranslator(settings, redis, IsDeployed), cancellationToken);
                    break;

                default:
                    throw new NotSupportedException(
                        $"Resource '{resource.Name}' ({resource.GetType().Name}) has no Kubernetes mapping. Exclude it from " +
                        "publishing (ExcludeFromManifest()) or add a mapping in FlexiAI.AppHost/Publishing/KubernetesGenerator.cs.");
            }
        }

        DeployedEndpoint? redisEndpoint = null;
        if (redis is not null)
        {
            if (settings.Redis == RedisDeployment.StatefulSet)
            {
                redisEndpoint = await AddRedisAsync(redis, cancellationToken);
            }
            else
            {
                PublishingLog.ExternalRedis(logger, redis.Name);
            }
        }

        foreach (var workload in _workloads)
        {
            Add($"{workload.Name}-networkpolicy.yaml", NetworkPolicies.ForProject(workload, _workloads, redis?.Name, redisEndpoint, settings));
        }

        await AddMonitoringAsync(cancellationToken);

        var resources = _files.Select(f => f.Name).Order(StringComparer.Ordinal).ToList();
        Add("kustomization.yaml", new Kustomization { Resources = resources, ConfigMapGenerator = _configMaps.Count > 0 ? _configMaps : null });
        var secretKeys = _secretKeys.Select(k => new SecretKey(k.Key, k.Value, Describe(k.Key, redis))).ToList();
        var readme = new KubernetesFile("README.md", DeploymentReadme.Write(settings, secretKeys, _images, resources));
        return
        [
            readme,
            .. _files.Select(f => f with { Name = $"{BaseFolder}/{f.Name}" }).Concat(_monitoringFiles).OrderBy(f => f.Name, StringComparer.Ordinal),
        ];
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

    private async Task AddProjectAsync(ProjectResource project, ValueTranslator translator, CancellationToken cancellationToken)
    {
        var name = project.Name;
        var labels = Labels(name);
        var endpoints = project.Annotations.OfType<EndpointAnnotation>().Select(e => DeployedEndpoint.For(project, e)).ToList();
        var environment = await BuildEnvironmentAsync(project, translator, cancellationToken);
        var replicas = project.GetReplicaCount();
        var scaled = replicas > 1;
        var image = KubernetesDefaults.ImagePrefix + name;
        var projectPath = Path.GetRelativePath(repositoryRoot, project.GetProjectMetadata().ProjectPath).Replace('\\', '/');
        _images.Add(new WorkloadImage(name, image, projectPath));

        var configMapName = $"{name}-config";
        if (environment.Settings.Count > 0)
        {
            _configMaps.Add(new ConfigMapGenerator
            {
                Name = configMapName,
                Literals = [.. environment.Settings.Select(s => $"{s.Key}={s.Value}")],
            });
        }

        var drain = project.Annotations.OfType<DrainAnnotation>().LastOrDefault();
        var container = new V1Container
        {
            Name = name,
            Image = image,
            Ports = [.. endpoints.Select(e => new V1ContainerPort { Name = e.Name, ContainerPort = e.ContainerPort, Protocol = "TCP" })],
            EnvFrom = environment.Settings.Count > 0 ? [new V1EnvFromSource { ConfigMapRef = new V1ConfigMapEnvSource { Name = configMapName } }] : null,
            Env = environment.Variables.Count > 0 ? environment.Variables : null,
            ReadinessProbe = HttpProbe(project, ProbeType.Readiness, KubernetesDefaults.ReadinessPath, endpoints),
            LivenessProbe = HttpProbe(project, ProbeType.Liveness, KubernetesDefaults.LivenessPath, endpoints),
            Lifecycle = drain is null
                ? null
                : new V1Lifecycle { PreStop = new V1LifecycleHandler { Sleep = new V1SleepAction { Seconds = drain.PreStopSeconds } } },
            Resources = Resources(KubernetesDefaults.ProjectCpuRequest, KubernetesDefaults.ProjectMemoryRequest,
                KubernetesDefaults.ProjectCpuLimit, KubernetesDefaults.ProjectMemoryLimit),
            SecurityContext = ContainerSecurity(),
            VolumeMounts = [new V1VolumeMount { Name = "tmp", MountPath = "/tmp" }],
        };

        var podSpec = new V1PodSpec
        {
            AutomountServiceAccountToken = false,
            SecurityContext = PodSecurity(KubernetesDefaults.DotNetAppUser, ownsVolumes: false),
            TerminationGracePeriodSeconds = drain?.TerminationGracePeriodSeconds,
            TopologySpreadConstraints = scaled ? Spread(labels) : null,
            Containers = [container],
            Volumes = [EmptyDir("tmp", KubernetesDefaults.TmpSizeLimit)],
        };

        Add($"{name}-deployment.yaml", new V1Deployment
        {
            ApiVersion = "apps/v1",
            Kind = "Deployment",
            Metadata = Metadata(name, labels),
            Spec = new V1DeploymentSpec
            {
                // An autoscaled Deployment has no replica count: the HPA owns it, and a GitOps sync must not reset it.
                Replicas = scaled ? null : replicas,
                Selector = Selector(labels),
                // Never below the current replica count while a new version rolls out.
                Strategy = new V1DeploymentStrategy
                {
                    Type = "RollingUpdate",
                    RollingUpdate = new V1RollingUpdateDeployment { MaxSurge = 1, MaxUnavailable = 0 },
                },
                Template = new V1PodTemplateSpec { Metadata = new V1ObjectMeta { Labels = labels }, Spec = podSpec },
            },
        });

        if (endpoints.Count > 0)
        {
            Add($"{name}-service.yaml", new V1Service
            {
                ApiVersion = "v1",
                Kind = "Service",
                Metadata = Metadata(name, labels),
                Spec = new V1ServiceSpec
                {
                    Type = "ClusterIP",
                    Selector = labels,
                    Ports = [.. endpoints.Select(e => new V1ServicePort { Name = e.Name, Port = e.ServicePort, TargetPort = e.Name, Protocol = "TCP" })],
                },
            });
        }

        var metrics = project.Annotations.OfType<MetricsEndpointAnnotation>().LastOrDefault();
        if (scaled)
        {
            AddScaling(name, labels, replicas, metrics?.InFlightGauge);
        }

        _workloads.Add(new DeployedWorkload(
            name,
            labels,
            endpoints,
            External: project.Annotations.OfType<EndpointAnnotation>().Any(e => e.IsExternal),
            ReferencesRedis: environment.ReferencesRedis,
            References: [.. project.Annotations.OfType<ResourceRelationshipAnnotation>()
                .Where(r => r.Type == "Reference" && IsDeployed(r.Resource))
                .Select(r => r.Resource.Name)
                .Distinct(StringComparer.Ordinal)],
            EgressPorts: NetworkPolicies.WebPorts(environment.Settings.Values),
            Metrics: metrics));
    }

    private void AddScaling(string name, Dictionary<string, string> labels, int replicas, string? inFlightGauge)
    {
        var metrics = new List<V2MetricSpec>
        {
            new()
            {
                Type = "Resource",
                Resource = new V2ResourceMetricSource
                {
                    Name = "cpu",
                    Target = new V2MetricTarget { Type = "Utilization", AverageUtilization = KubernetesDefaults.TargetCpuUtilizationPercent },
                },
            },
        };
        if (inFlightGauge is not null)
        {
            // Served by prometheus-adapter (deploy/prometheus-adapter/rules.yaml): a gateway waits on providers, so the work
            // it holds shows in requests and streams in flight long before it shows in CPU.
            metrics.Add(new V2MetricSpec
            {
                Type = "Pods",
                Pods = new V2PodsMetricSource
                {
                    Metric = new V2MetricIdentifier { Name = inFlightGauge },
                    Target = new V2MetricTarget { Type = "AverageValue", AverageValue = new ResourceQuantity(settings.InFlightTarget.ToString(System.Globalization.CultureInfo.InvariantCulture)) },
                },
            });
        }

        Add($"{name}-hpa.yaml", new V2HorizontalPodAutoscaler
        {
            ApiVersion = "autoscaling/v2",
            Kind = "HorizontalPodAutoscaler",
            Metadata = Metadata(name, labels),
            Spec = new V2HorizontalPodAutoscalerSpec
            {
                ScaleTargetRef = new V2CrossVersionObjectReference { ApiVersion = "apps/v1", Kind = "Deployment", Name = name },
                MinReplicas = replicas,
                MaxReplicas = Math.Max(replicas, settings.MaxReplicas),
                Metrics = metrics,
            },
        });

        Add($"{name}-pdb.yaml", new V1PodDisruptionBudget
        {
            ApiVersion = "policy/v1",
            Kind = "PodDisruptionBudget",
            Metadata = Metadata(name, labels),
            Spec = new V1PodDisruptionBudgetSpec
            {
                MaxUnavailable = 1,
                Selector = Selector(labels),
                // When every provider is down, every gateway pod is unready (readiness = "can some provider serve?");
                // unready pods may still be evicted, so a node drain does not wait for the providers to come back.
                UnhealthyPodEvictionPolicy = "AlwaysAllow",
            },
        });
    }

    private async Task<DeployedEndpoint> AddRedisAsync(RedisResource redis, CancellationToken cancellationToken)
    {
        var environment = await BuildEnvironmentAsync(redis, new ValueTranslator(settings, redis, IsDeployed), cancellationToken);
        if (environment.Settings.Count > 0)
        {
            throw new NotSupportedException($"'{redis.Name}' has plain settings ({string.Join(", ", environment.Settings.Keys)}); only its password is mapped.");
        }

        var passwordKey = redis.PasswordParameter?.Name
            ?? throw new NotSupportedException($"'{redis.Name}' has no password; the Kubernetes Redis requires one.");
        var passwordVariable = environment.SecretVariables.TryGetValue(passwordKey, out var variable)
            ? variable
            : throw new NotSupportedException($"'{redis.Name}' does not receive its password '{passwordKey}' in its environment.");

        var endpoint = DeployedEndpoint.For(redis, redis.PrimaryEndpoint.EndpointAnnotation);
        var clients = _workloads.Where(w => w.ReferencesRedis).Select(w => w.Name).ToList();
        foreach (var (fileName, value) in RedisObjects.Build(redis.Name, endpoint, settings.RedisImage, environment.Variables, passwordKey, passwordVariable, clients))
        {
            Add(fileName, value);
        }

        return endpoint;
    }

    private async Task AddMonitoringAsync(CancellationToken cancellationToken)
    {
        var scraped = _workloads.Where(w => w.Metrics is not null).ToList();
        if (scraped.Count == 0)
        {
            return;
        }

        var files = new List<string>();
        foreach (var workload in scraped)
        {
            var fileName = $"{workload.Name}-servicemonitor.yaml";
            AddMonitoring(fileName, MonitoringObjects.ServiceMonitorFor(workload));
            files.Add(fileName);
        }

        var alerts = Path.Combine(repositoryRoot, AlertRulesPath);
        AddMonitoring("prometheusrule.yaml", MonitoringObjects.PrometheusRuleFrom(await File.ReadAllTextAsync(alerts, cancellationToken), AlertRulesPath));
        files.Add("prometheusrule.yaml");
        AddMonitoring("kustomization.yaml", new Kustomization { Resources = [.. files.Order(StringComparer.Ordinal)] });
    }

    /// <summary>The container environment of a resource, sorted into ConfigMap settings, Deployment variables and secrets.</summary>
    private sealed record ContainerEnvironment(
        OrderedDictionary<string, string> Settings,
        List<V1EnvVar> Variables,
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

        var settingsMap = new OrderedDictionary<string, string>(StringComparer.Ordinal);
        var secretVariables = new List<V1EnvVar>();   // secretKeyRef variables first: $(NAME) may only refer to earlier ones
        var plainVariables = new List<V1EnvVar>();
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
                PublishingLog.VariableLeftOut(logger, resource.Name, name, excluded.ResourceName);
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
                plainVariables.Add(new V1EnvVar { Name = name, Value = text });
            }
            else if (value.FromReference)
            {
                plainVariables.Add(new V1EnvVar { Name = name, Value = EscapeSubstitution(value.PlainText) });
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

    private static V1Probe HttpProbe(ProjectResource project, ProbeType type, string defaultPath, List<DeployedEndpoint> endpoints)
    {
        var probe = project.Annotations.OfType<EndpointProbeAnnotation>().LastOrDefault(p => p.Type == type);
        var port = probe?.EndpointReference.EndpointName
            ?? endpoints.FirstOrDefault(e => e.Scheme is "http" or "https")?.Name
            ?? throw new NotSupportedException($"'{project.Name}' has no HTTP endpoint for its {type} probe.");
        return Probe(
            new V1Probe { HttpGet = new V1HTTPGetAction { Path = probe?.Path ?? defaultPath, Port = port } },
            (probe?.InitialDelaySeconds ?? KubernetesDefaults.ProbeInitialDelaySeconds,
                probe?.PeriodSeconds ?? KubernetesDefaults.ProbePeriodSeconds,
                probe?.TimeoutSeconds ?? KubernetesDefaults.ProbeTimeoutSeconds,
                probe?.FailureThreshold ?? KubernetesDefaults.ProbeFailureThreshold));
    }

    private void Add(string fileName, object value) => _files.Add(new KubernetesFile(fileName, YamlWriter.Document(s_header, value)));

    private void AddMonitoring(string fileName, object value) =>
        _monitoringFiles.Add(new KubernetesFile($"{MonitoringFolder}/{fileName}", YamlWriter.Document(s_header, value)));
}
