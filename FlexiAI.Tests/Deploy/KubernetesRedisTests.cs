namespace FlexiAI.Tests.Deploy;

/// <summary>Redis in the cluster (StatefulSet, Services, NetworkPolicy), or external by a setting.</summary>
[Collection(DeploymentCollection.Name)]
public sealed class KubernetesRedisTests(DeploymentFixture fixture)
{
    // The brief: only the gateway and the web UI may ever reach Redis.
    private static readonly string[] RedisClientsAllowed = ["gateway", "web"];

    private KubernetesObject StatefulSet => fixture.Objects.Get("StatefulSet", "cache");

    private YamlDotNet.RepresentationModel.YamlNode Redis => KubernetesObjects.Container(StatefulSet, "redis");

    [Fact]
    public void Redis_persists_with_AOF_every_second_on_its_volume()
    {
        var args = Arguments(Redis);
        Assert.Equal("yes", args["--appendonly"]);
        Assert.Equal("everysec", args["--appendfsync"]);
        Assert.Equal("/data", args["--dir"]);

        var mount = Assert.Single(Redis.At("volumeMounts").Items(), m => m.At("mountPath").Text() == "/data");
        var claim = Assert.Single(StatefulSet.Root.At("spec", "volumeClaimTemplates").Items());
        Assert.Equal(mount.At("name").Text(), claim.At("metadata", "name").Text());
        Assert.Equal(["ReadWriteOnce"], claim.At("spec", "accessModes").Texts());
        Assert.NotEmpty(claim.At("spec", "resources", "requests", "storage").Text());
    }

    [Fact]
    public void Redis_password_comes_from_the_Secret_and_stays_off_the_command_line()
    {
        var password = KubernetesObjects.Environment(Redis).Single(v => v.Name == "REDIS_PASSWORD");
        Assert.Null(password.Value);
        Assert.Equal(("flexiai-secrets", "cache-password"), (password.SecretName, password.SecretKey));

        // Kubernetes substitutes $(VARIABLE) in command and args, which puts the value in the process list: neither
        // holds the password or a reference to it. The start script writes it into a file in memory, for the server.
        var args = Redis.At("args").Texts();
        Assert.DoesNotContain("--requirepass", args);
        Assert.DoesNotContain(args, arg => arg.Contains("$(", StringComparison.Ordinal));
        var command = Redis.At("command").Texts();
        Assert.DoesNotContain(command, part => part.Contains("$(", StringComparison.Ordinal));
        Assert.Contains("requirepass %s", command[2], StringComparison.Ordinal);
        Assert.Contains("\"$REDIS_PASSWORD\"", command[2], StringComparison.Ordinal);

        var run = Assert.Single(Redis.At("volumeMounts").Items(), m => m.At("mountPath").Text() == "/run/redis");
        var volume = Assert.Single(StatefulSet.Root.At("spec", "template", "spec", "volumes").Items(), v => v.At("name").Text() == run.At("name").Text());
        Assert.Equal("Memory", volume.At("emptyDir", "medium").Text());
    }

    [Fact]
    public void Redis_memory_is_bounded_and_dangerous_commands_are_disabled()
    {
        var args = Redis.At("args").Texts();
        var named = Arguments(Redis);
        Assert.Matches("^[0-9]+mb$", named["--maxmemory"]);
        Assert.Equal("volatile-lru", named["--maxmemory-policy"]);

        var disabled = args.Select((arg, i) => (arg, i))
            .Where(a => a.arg == "--rename-command" && args[a.i + 2] == "")
            .Select(a => args[a.i + 1])
            .ToList();
        Assert.Equal(["FLUSHALL", "FLUSHDB", "KEYS", "DEBUG"], disabled);
    }

    [Fact]
    public void Redis_arguments_are_strings_to_Kubernetes()
    {
        foreach (var arg in Redis.At("args").Items())
        {
            Assert.True(arg.IsStringForKubernetes(), $"Argument {arg} would not be read as a string.");
        }
    }

    [Fact]
    public void Redis_image_is_BSD_licensed_Valkey_pinned_to_a_release()
    {
        // Redis 8 is under RSALv2/SSPLv1/AGPLv3; Valkey (BSD-3-Clause) is the default, a release and never a moving tag.
        Assert.Matches(@"^docker\.io/valkey/valkey:[0-9]+\.[0-9]+\.[0-9]+$", Redis.At("image").Text());
    }

    [Fact]
    public void Gateway_reaches_Redis_through_its_Service()
    {
        var service = fixture.Objects.Get("Service", "cache").Root;
        var port = Assert.Single(service.At("spec", "ports").Items());
        Assert.Equal(6379, port.At("port").AsInt32());
        Assert.Equal("cache-headless", StatefulSet.Root.At("spec", "serviceName").Text());
        Assert.Equal("None", fixture.Objects.Get("Service", "cache-headless").Root.At("spec", "clusterIP").Text());
    }

    [Fact]
    public void Only_the_workloads_that_use_Redis_may_reach_it()
    {
        var policy = fixture.Objects.Get("NetworkPolicy", "cache-clients-only").Root.At("spec");
        var redisLabels = StatefulSet.Root.At("spec", "template", "metadata", "labels").Entries();

        // The policy applies to the Redis pods...
        foreach (var (key, value) in policy.At("podSelector", "matchLabels").Entries())
        {
            Assert.Equal(value.Text(), redisLabels[key].Text());
        }

        Assert.Equal(["Ingress"], policy.At("policyTypes").Texts());
        var rule = Assert.Single(policy.At("ingress").Items());
        Assert.Equal(6379, Assert.Single(rule.At("ports").Items()).At("port").AsInt32());

        // ...and admits exactly the Deployments that are given a Redis connection string.
        var selector = Assert.Single(rule.At("from").Items()).At("podSelector");
        var expression = Assert.Single(selector.At("matchExpressions").Items());
        Assert.Equal("app.kubernetes.io/name", expression.At("key").Text());
        Assert.Equal("In", expression.At("operator").Text());
        var admitted = expression.At("values").Texts();
        var clients = fixture.Objects.OfKind("Deployment")
            .Where(d => KubernetesObjects.Containers(d).Any(c => KubernetesObjects.Environment(c).Any(v => v.Name == "ConnectionStrings__cache")))
            .Select(d => d.Name)
            .Order(StringComparer.Ordinal)
            .ToList();

        Assert.Equal(clients, admitted);
        Assert.Contains("gateway", admitted);
        Assert.All(admitted, name => Assert.Contains(name, RedisClientsAllowed));
        Assert.Equal("flexiai", selector.At("matchLabels", "app.kubernetes.io/part-of").Text());
    }

    [Fact]
    public void External_Redis_generates_no_Redis_objects()
    {
        var objects = fixture.ExternalRedisObjects;
        Assert.Empty(objects.OfKind("StatefulSet"));
        Assert.Null(objects.Find("NetworkPolicy", "cache-clients-only"));
        Assert.Null(objects.Find("Service", "cache"));
        Assert.NotNull(objects.Find("Deployment", "gateway"));
    }

    [Fact]
    public void External_Redis_connection_string_comes_whole_from_the_Secret()
    {
        var gateway = KubernetesObjects.Container(fixture.ExternalRedisObjects.Get("Deployment", "gateway"), "gateway");
        var environment = KubernetesObjects.Environment(gateway);
        var connection = environment.Single(v => v.Name == "ConnectionStrings__cache");

        Assert.Null(connection.Value);
        Assert.Equal(("flexiai-secrets", "cache-connection-string"), (connection.SecretName, connection.SecretKey));
        Assert.DoesNotContain(environment, v => v.SecretKey == "cache-password");

        var readme = File.ReadAllText(Path.Combine(fixture.ExternalRedisFolder, "README.md"));
        Assert.Contains("serviceName=mymaster", readme, StringComparison.Ordinal);
    }

    // "--name value" pairs of the Redis arguments (the last one wins, as in Redis).
    private static Dictionary<string, string> Arguments(YamlDotNet.RepresentationModel.YamlNode container)
    {
        var args = container.At("args").Texts();
        var named = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Count - 1; i++)
        {
            if (args[i].StartsWith("--", StringComparison.Ordinal) && args[i] != "--rename-command")
            {
                named[args[i]] = args[i + 1];
            }
        }

        return named;
    }
}
