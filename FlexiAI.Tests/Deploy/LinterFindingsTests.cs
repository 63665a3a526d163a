namespace FlexiAI.Tests.Deploy;

/// <summary>What cluster linters (kube-score, Polaris, kube-linter) ask of every pod, in both Redis variants.</summary>
[Collection(DeploymentCollection.Name)]
public sealed class LinterFindingsTests(DeploymentFixture fixture)
{
    public static TheoryData<string> Variants => ["default", "external-redis"];

    [Theory]
    [MemberData(nameof(Variants))]
    public void Every_emptyDir_has_a_size_limit(string variant)
    {
        var emptyDirs = Objects(variant).Workloads
            .SelectMany(w => w.Root.At("spec", "template", "spec").TryAt("volumes")?.Items() ?? [])
            .Select(v => v.TryAt("emptyDir"))
            .OfType<YamlDotNet.RepresentationModel.YamlNode>()
            .ToList();

        Assert.NotEmpty(emptyDirs);
        Assert.All(emptyDirs, d => Assert.Matches("^[0-9]+[MG]i$", d.At("sizeLimit").Text()));
    }

    [Theory]
    [MemberData(nameof(Variants))]
    public void Every_container_requests_and_bounds_ephemeral_storage(string variant)
    {
        foreach (var workload in Objects(variant).Workloads)
        {
            foreach (var container in KubernetesObjects.Containers(workload))
            {
                Assert.NotEmpty(container.At("resources", "requests", "ephemeral-storage").Text());
                Assert.NotEmpty(container.At("resources", "limits", "ephemeral-storage").Text());
            }
        }
    }

    [Fact]
    public void Replicated_gateway_spreads_over_zones_and_over_nodes()
    {
        var constraints = fixture.Objects.Get("Deployment", "gateway").Root.At("spec", "template", "spec", "topologySpreadConstraints").Items();
        Assert.Equal(["topology.kubernetes.io/zone", "kubernetes.io/hostname"], constraints.Select(c => c.At("topologyKey").Text()));
        // Best effort: a cluster with one zone still schedules every replica.
        Assert.All(constraints, c => Assert.Equal("ScheduleAnyway", c.At("whenUnsatisfiable").Text()));
    }

    [Theory]
    [MemberData(nameof(Variants))]
    public void No_command_line_carries_a_secret(string variant)
    {
        foreach (var workload in Objects(variant).Workloads)
        {
            foreach (var container in KubernetesObjects.Containers(workload))
            {
                var line = string.Join(' ', (container.TryAt("command")?.Texts() ?? []).Concat(container.TryAt("args")?.Texts() ?? []));
                Assert.DoesNotContain("$(", line, StringComparison.Ordinal);
                Assert.DoesNotContain("--requirepass", line, StringComparison.Ordinal);
            }
        }
    }

    private KubernetesObjects Objects(string variant) => variant == "default" ? fixture.Objects : fixture.ExternalRedisObjects;
}
