namespace FlexiAI.Tests.Deploy;

/// <summary>The gateway's Deployment, Service and ConfigMap, as generated from the app model.</summary>
[Collection(DeploymentCollection.Name)]
public sealed class GatewayDeploymentTests(DeploymentFixture fixture)
{
    private KubernetesObject Gateway => fixture.Objects.Get("Deployment", "gateway");

    private YamlDotNet.RepresentationModel.YamlNode Container => KubernetesObjects.Container(Gateway, "gateway");

    [Fact]
    public void Autoscaled_gateway_leaves_its_replica_count_to_the_autoscaler()
    {
        // A replica count in the Deployment would be reset by every GitOps sync, undoing the autoscaler's choice. The
        // model's Gateway:Replicas (3, the number `dotnet run` starts) is the autoscaler's lower bound instead.
        Assert.Null(Gateway.Root.TryAt("spec", "replicas"));
        Assert.Equal(3, fixture.Objects.Get("HorizontalPodAutoscaler", "gateway").Root.At("spec", "minReplicas").AsInt32());
    }

    [Fact]
    public void Rolling_updates_never_go_below_the_replica_count()
    {
        var rolling = Gateway.Root.At("spec", "strategy", "rollingUpdate");
        Assert.Equal(0, rolling.At("maxUnavailable").AsInt32());
        Assert.Equal(1, rolling.At("maxSurge").AsInt32());
    }

    [Fact]
    public void Readiness_probe_asks_health_ready_and_liveness_health_live()
    {
        var readiness = Container.At("readinessProbe");
        var liveness = Container.At("livenessProbe");

        Assert.Equal("/health/ready", readiness.At("httpGet", "path").Text());
        Assert.Equal("/health/live", liveness.At("httpGet", "path").Text());
        foreach (var probe in new[] { readiness, liveness })
        {
            Assert.Equal("http", probe.At("httpGet", "port").Text());
            Assert.Equal(5, probe.At("initialDelaySeconds").AsInt32());
            Assert.Equal(10, probe.At("periodSeconds").AsInt32());
            Assert.Equal(3, probe.At("timeoutSeconds").AsInt32());
            Assert.Equal(3, probe.At("failureThreshold").AsInt32());
        }
    }

    [Fact]
    public void Probes_and_Service_point_at_the_port_the_container_listens_on()
    {
        var port = Assert.Single(Container.At("ports").Items());
        Assert.Equal("http", port.At("name").Text());
        Assert.Equal(8080, port.At("containerPort").AsInt32());

        // ASP.NET Core listens where the model says (HTTP_PORTS), which is the container port.
        var httpPorts = KubernetesObjects.Environment(Container).Single(v => v.Name == "HTTP_PORTS");
        Assert.Equal("8080", httpPorts.Value);

        var service = fixture.Objects.Get("Service", "gateway").Root;
        var servicePort = Assert.Single(service.At("spec", "ports").Items());
        Assert.Equal(8080, servicePort.At("port").AsInt32());   // published endpoints have no fixed port: the container's
        Assert.Equal("http", servicePort.At("targetPort").Text());
        Assert.Equal(Gateway.Root.At("spec", "template", "metadata", "labels").Entries().ToDictionary(e => e.Key, e => e.Value.Text()),
            service.At("spec", "selector").Entries().ToDictionary(e => e.Key, e => e.Value.Text()));
    }

    [Fact]
    public void Gateway_has_resource_requests_and_limits()
    {
        var resources = Container.At("resources");
        foreach (var kind in new[] { "requests", "limits" })
        {
            Assert.NotEmpty(resources.At(kind, "cpu").Text());
            Assert.NotEmpty(resources.At(kind, "memory").Text());
        }
    }

    [Fact]
    public void Gateway_settings_come_from_its_ConfigMap()
    {
        Assert.Equal(["gateway-config"], KubernetesObjects.ConfigMapsOf(Container));
        var data = fixture.Objects.Get("ConfigMap", "gateway-config").Root.At("data").Entries();

        // The deployed providers (the simulator is not deployed), in priority order, and the model's breaker setting.
        Assert.Equal("openai", data["FlexiAI__Providers__0__Name"].Text());
        Assert.Equal("https://api.openai.com/v1", data["FlexiAI__Providers__0__Endpoint"].Text());
        Assert.Equal("anthropic", data["FlexiAI__Providers__1__Name"].Text());
        Assert.Equal("Anthropic", data["FlexiAI__Providers__1__Kind"].Text());
        Assert.Equal("00:00:30", data["FlexiAI__CircuitBreaker__RecoveryTimeout"].Text());
        Assert.DoesNotContain(data.Keys, key => key.Contains("__ApiKey", StringComparison.Ordinal));
    }

    [Fact]
    public void Settings_are_a_kustomize_generated_ConfigMap_so_a_changed_setting_rolls_the_pods()
    {
        // No ConfigMap file: kustomize builds it with a hash of its content in its name and writes that name into the
        // Deployment, so a new value is a new pod template.
        Assert.DoesNotContain(Directory.EnumerateFiles(fixture.BaseFolder), path => path.Contains("configmap", StringComparison.Ordinal));
        var generator = fixture.Objects.Get("Kustomization", "").Root.At("configMapGenerator").Items();
        Assert.Contains(generator, entry => entry.At("name").Text() == "gateway-config");
        Assert.All(generator, entry => Assert.Null(entry.TryAt("options", "disableNameSuffixHash")));
    }

    [Fact]
    public void Provider_keys_and_gateway_keys_come_from_the_Secret()
    {
        var environment = KubernetesObjects.Environment(Container).ToDictionary(v => v.Name);
        Assert.Equal(("flexiai-secrets", "openai-api-key"), SecretOf(environment["FlexiAI__Providers__0__ApiKey"]));
        Assert.Equal(("flexiai-secrets", "anthropic-api-key"), SecretOf(environment["FlexiAI__Providers__1__ApiKey"]));
        Assert.Equal(("flexiai-secrets", "gateway-client-key"), SecretOf(environment["FlexiAI__Auth__ClientKeys__0"]));
        Assert.Equal(("flexiai-secrets", "gateway-admin-key"), SecretOf(environment["FlexiAI__Auth__AdminKeys__0"]));
    }

    [Fact]
    public void Gateway_reaches_Redis_with_the_password_from_the_Secret()
    {
        var environment = KubernetesObjects.Environment(Container);
        var connection = environment.Single(v => v.Name == "ConnectionStrings__cache");

        // cache:6379,password=$(VARIABLE): Kubernetes substitutes the variable, which is a secretKeyRef defined earlier.
        var match = System.Text.RegularExpressions.Regex.Match(connection.Value ?? "", @"^cache:6379,password=\$\((?<variable>[A-Z_]+)\)$");
        Assert.True(match.Success, $"ConnectionStrings__cache is '{connection.Value}'.");
        var variable = match.Groups["variable"].Value;
        var definition = environment.TakeWhile(v => v.Name != connection.Name).SingleOrDefault(v => v.Name == variable);
        Assert.NotNull(definition);
        Assert.Equal(("flexiai-secrets", "cache-password"), SecretOf(definition));
    }

    [Fact]
    public void Image_is_a_plain_name_that_kustomize_images_retargets()
    {
        // No registry, no tag, no placeholder: an overlay's images: entry sets both (overlays/production).
        Assert.Equal("flexiai-gateway", Container.At("image").Text());
        Assert.Equal("flexiai-web", KubernetesObjects.Container(fixture.Objects.Get("Deployment", "web"), "web").At("image").Text());
    }

    [Fact]
    public void Gateway_runs_as_non_root_with_a_read_only_root_filesystem()
    {
        var pod = Gateway.Root.At("spec", "template", "spec");
        Assert.Equal("true", pod.At("securityContext", "runAsNonRoot").Text());
        Assert.Equal("false", pod.At("automountServiceAccountToken").Text());
        Assert.Equal("true", Container.At("securityContext", "readOnlyRootFilesystem").Text());
        Assert.Equal("false", Container.At("securityContext", "allowPrivilegeEscalation").Text());
        Assert.Contains("/tmp", Container.At("volumeMounts").Items().Select(m => m.At("mountPath").Text()));
    }

    [Fact]
    public void Web_UI_gets_a_Deployment_and_Service_and_finds_the_gateway_by_its_Service()
    {
        var web = fixture.Objects.Get("Deployment", "web");
        var container = KubernetesObjects.Container(web, "web");
        var environment = KubernetesObjects.Environment(container).ToDictionary(v => v.Name);

        Assert.Equal("http://gateway:8080", environment["services__gateway__http__0"].Value);
        Assert.Equal(("flexiai-secrets", "gateway-client-key"), SecretOf(environment["Ui__ApiKey"]));
        Assert.Equal(("flexiai-secrets", "gateway-admin-key"), SecretOf(environment["Ui__AdminKey"]));
        Assert.Equal(8080, Assert.Single(fixture.Objects.Get("Service", "web").Root.At("spec", "ports").Items()).At("port").AsInt32());
        Assert.Equal("/health", container.At("readinessProbe", "httpGet", "path").Text());
        Assert.Equal("/health/live", container.At("livenessProbe", "httpGet", "path").Text());
    }

    [Fact]
    public void The_deployed_web_UI_keeps_sign_in_required()
    {
        var environment = KubernetesObjects.Environment(KubernetesObjects.Container(fixture.Objects.Get("Deployment", "web"), "web"))
            .ToDictionary(v => v.Name);

        // Absent means the default, true; the AppHost turns it off for its local development run only.
        Assert.False(environment.TryGetValue("Ui__RequireSignIn", out var requireSignIn) && requireSignIn.Value != "true",
            "the published web UI must not turn sign-in off");
    }

    [Fact]
    public void Simulator_is_a_development_tool_and_is_not_deployed()
    {
        Assert.DoesNotContain(fixture.Objects.All, o => o.Name.Contains("simulator", StringComparison.Ordinal));
        foreach (var workload in fixture.Objects.Workloads)
        {
            foreach (var container in KubernetesObjects.Containers(workload))
            {
                Assert.DoesNotContain(KubernetesObjects.Environment(container),
                    v => v.Name.Contains("simulator", StringComparison.OrdinalIgnoreCase) ||
                        (v.Value ?? "").Contains("simulator", StringComparison.OrdinalIgnoreCase));
            }
        }
    }

    private static (string?, string?) SecretOf(EnvironmentVariable variable)
    {
        Assert.Null(variable.Value);
        return (variable.SecretName, variable.SecretKey);
    }
}
