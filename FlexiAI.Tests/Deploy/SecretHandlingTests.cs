namespace FlexiAI.Tests.Deploy;

/// <summary>Nothing secret is written in the generated YAML: containers get secrets only through <c>secretKeyRef</c>.</summary>
[Collection(DeploymentCollection.Name)]
public sealed class SecretHandlingTests(DeploymentFixture fixture)
{
    private static readonly string[] SecretWords = ["KEY", "PASSWORD", "SECRET", "TOKEN"];

    public static TheoryData<string> Variants => ["default", "external-redis"];

    [Theory]
    [MemberData(nameof(Variants))]
    public void Variables_named_like_secrets_come_only_from_the_Secret(string variant)
    {
        foreach (var (workload, variable) in Variables(Objects(variant)))
        {
            if (SecretWords.Any(word => variable.Name.Contains(word, StringComparison.OrdinalIgnoreCase)))
            {
                Assert.True(variable.Value is null && variable.SecretName == "flexiai-secrets" && variable.SecretKey is { Length: > 0 },
                    $"{workload}: {variable.Name} must be a secretKeyRef into flexiai-secrets, not a literal value.");
            }
        }
    }

    [Theory]
    [MemberData(nameof(Variants))]
    public void No_ConfigMap_holds_a_secret(string variant)
    {
        foreach (var configMap in Objects(variant).OfKind("ConfigMap"))
        {
            foreach (var (key, value) in configMap.Root.At("data").Entries())
            {
                Assert.False(SecretWords.Any(word => key.Contains(word, StringComparison.OrdinalIgnoreCase)), $"{configMap}: {key} looks secret.");
                Assert.False(key.StartsWith("ConnectionStrings__", StringComparison.Ordinal), $"{configMap}: {key} is a connection string.");
                Assert.DoesNotContain("password=", value.Text(), StringComparison.OrdinalIgnoreCase);
            }
        }
    }

    [Theory]
    [MemberData(nameof(Variants))]
    public void A_literal_value_names_a_password_only_by_variable(string variant)
    {
        // A connection string may be composed in the manifest, but its password is always $(VARIABLE) from the Secret.
        foreach (var (workload, variable) in Variables(Objects(variant)))
        {
            var value = variable.Value ?? "";
            var at = value.IndexOf("password=", StringComparison.OrdinalIgnoreCase);
            Assert.True(at < 0 || value.AsSpan(at + "password=".Length).StartsWith("$("),
                $"{workload}: {variable.Name} holds a password in plain text.");
        }
    }

    [Theory]
    [MemberData(nameof(Variants))]
    public void No_Secret_object_is_generated(string variant)
    {
        // The operator creates flexiai-secrets (README.md beside the YAML says how); its values are never in the repository.
        Assert.Empty(Objects(variant).OfKind("Secret"));
    }

    [Fact]
    public void Generated_README_lists_every_key_the_containers_read_from_the_Secret()
    {
        var readme = File.ReadAllText(Path.Combine(fixture.KubernetesFolder, "README.md"));
        var keys = Variables(fixture.Objects).Select(v => v.Variable.SecretKey).OfType<string>().Distinct().ToList();

        Assert.NotEmpty(keys);
        foreach (var key in keys)
        {
            Assert.Contains($"| `{key}` |", readme, StringComparison.Ordinal);
            Assert.Contains($"--from-literal={key}=", readme, StringComparison.Ordinal);
        }
    }

    private KubernetesObjects Objects(string variant) => variant == "default" ? fixture.Objects : fixture.ExternalRedisObjects;

    private static IEnumerable<(KubernetesObject Workload, EnvironmentVariable Variable)> Variables(KubernetesObjects objects) =>
        from workload in objects.Workloads
        from container in KubernetesObjects.Containers(workload)
        from variable in KubernetesObjects.Environment(container)
        select (workload, variable);
}
