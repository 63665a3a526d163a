using System.Text.Json.Nodes;
using Aspire.Hosting;

namespace FlexiAI.Tests.Deploy;

/// <summary>The published Aspire manifest is what azd accepts: no fixed host port on an external binding.</summary>
[Collection(DeploymentCollection.Name)]
public sealed class ManifestTests(DeploymentFixture fixture)
{
    [Fact]
    public void Published_bindings_carry_no_fixed_port()
    {
        var resources = JsonNode.Parse(File.ReadAllText(fixture.ManifestFile))!["resources"]!.AsObject();
        var bindings = resources
            .Where(r => r.Value?["bindings"] is not null)
            .SelectMany(r => r.Value!["bindings"]!.AsObject().Select(b => (Resource: r.Key, Binding: b.Key, Node: b.Value!)))
            .ToList();

        Assert.Contains(bindings, b => b.Resource == "gateway" && (bool?)b.Node["external"] == true);
        Assert.All(bindings.Where(b => b.Node["transport"]?.GetValue<string>() == "http"),
            b => Assert.True(b.Node["port"] is null, $"{b.Resource}.{b.Binding} has the fixed port {b.Node["port"]}"));
    }

    [Fact]
    public void Run_mode_keeps_the_fixed_ports_and_publish_mode_drops_them()
    {
        var run = DistributedApplication.CreateBuilder([]);
        var publish = DistributedApplication.CreateBuilder(["--operation", "publish", "--step", "publish-kubernetes", "--output-path", Path.GetTempPath()]);

        Assert.Equal(5080, run.GetRunPort("Gateway:Port", 5080));
        Assert.Null(publish.GetRunPort("Gateway:Port", 5080));
    }
}
