namespace FlexiAI.Tests.Deploy;

/// <summary>
/// Every workload has a NetworkPolicy: the gateway takes connections on its port and reaches DNS, Redis and HTTPS
/// outside the cluster; the web UI (which holds the admin key) is reached only from the ingress controller's namespace
/// and reaches only DNS and the gateway.
/// </summary>
[Collection(DeploymentCollection.Name)]
public sealed class NetworkPolicyTests(DeploymentFixture fixture)
{
    [Fact]
    public void Every_workload_is_selected_by_a_policy_for_ingress_and_egress()
    {
        foreach (var workload in fixture.Objects.OfKind("Deployment"))
        {
            var labels = workload.Root.At("spec", "template", "metadata", "labels").Entries().ToDictionary(e => e.Key, e => e.Value.Text());
            var policy = Assert.Single(fixture.Objects.OfKind("NetworkPolicy"), p =>
                p.Root.At("spec", "podSelector", "matchLabels").Entries().All(e => labels.GetValueOrDefault(e.Key) == e.Value.Text()));
            Assert.Equal(["Ingress", "Egress"], policy.Root.At("spec", "policyTypes").Texts());
        }
    }

    [Fact]
    public void Gateway_takes_connections_on_its_port_from_anywhere()
    {
        var rule = Assert.Single(Spec("gateway").At("ingress").Items());
        Assert.Null(rule.TryAt("from"));
        Assert.Equal([8080], Ports(rule));
    }

    [Fact]
    public void Gateway_reaches_DNS_Redis_and_HTTPS_outside_the_cluster_only()
    {
        var egress = Spec("gateway").At("egress").Items();
        Assert.Equal(3, egress.Count);

        Assert.Equal([53, 53], Ports(egress[0]));
        var redis = Assert.Single(egress, r => r.TryAt("to", 0, "podSelector") is not null);
        Assert.Equal("cache", redis.At("to", 0, "podSelector", "matchLabels", "app.kubernetes.io/name").Text());
        Assert.Equal([6379], Ports(redis));

        // The providers' endpoints in the model are https: port 443, to public addresses (not the cluster's API server).
        var web = Assert.Single(egress, r => r.TryAt("to", 0, "ipBlock") is not null);
        Assert.Equal([443], Ports(web));
        Assert.Equal("0.0.0.0/0", web.At("to", 0, "ipBlock", "cidr").Text());
        Assert.Contains("10.0.0.0/8", web.At("to", 0, "ipBlock", "except").Texts());
    }

    [Fact]
    public void Gateway_with_an_external_Redis_reaches_it_on_the_Redis_and_Sentinel_ports()
    {
        var policy = fixture.ExternalRedisObjects.Get("NetworkPolicy", "gateway").Root.At("spec");
        Assert.Contains(policy.At("egress").Items(), rule => rule.TryAt("to") is null && Ports(rule).SequenceEqual([6379, 26379]));
    }

    [Fact]
    public void Web_UI_is_reached_only_from_the_ingress_controller_namespace()
    {
        var rule = Assert.Single(Spec("web").At("ingress").Items());
        var peer = Assert.Single(rule.At("from").Items());
        Assert.Equal("ingress-nginx", peer.At("namespaceSelector", "matchLabels", "kubernetes.io/metadata.name").Text());
        Assert.Null(peer.TryAt("podSelector"));
        Assert.Equal([8080], Ports(rule));
    }

    [Fact]
    public void Web_UI_reaches_only_DNS_and_the_gateway()
    {
        var egress = Spec("web").At("egress").Items();
        Assert.Equal(2, egress.Count);
        Assert.Equal([53, 53], Ports(egress[0]));
        Assert.Equal("gateway", egress[1].At("to", 0, "podSelector", "matchLabels", "app.kubernetes.io/name").Text());
        Assert.Equal([8080], Ports(egress[1]));
    }

    private YamlDotNet.RepresentationModel.YamlNode Spec(string name) => fixture.Objects.Get("NetworkPolicy", name).Root.At("spec");

    private static List<int> Ports(YamlDotNet.RepresentationModel.YamlNode rule) => [.. rule.At("ports").Items().Select(p => p.At("port").AsInt32())];
}
