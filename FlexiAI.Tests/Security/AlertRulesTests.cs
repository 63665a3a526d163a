using System.Text.RegularExpressions;
using FlexiAI.Tests.Gateway;
using FlexiAI.Tests.Infrastructure;
using YamlDotNet.RepresentationModel;

namespace FlexiAI.Tests.Security;

/// <summary>The shipped alert rules use only metrics the gateway really exports.</summary>
public sealed partial class AlertRulesTests(GatewayFixture gateway) : IClassFixture<GatewayFixture>
{
    [Fact]
    public async Task Every_metric_an_alert_uses_appears_in_metrics()
    {
        var ct = TestContext.Current.CancellationToken;
        await gateway.ResetAsync(ct);
        // Traffic that makes every series exist: an answer, a failed attempt and a fallback.
        await gateway.Simulator.SetFaultAsync(GatewayFixture.OpenAIProvider, new { mode = "error", status = 500 }, ct);
        using (var response = await gateway.ChatAsync(cancellationToken: ct))
        {
            Assert.True(response.IsSuccessStatusCode);
        }

        var rules = new YamlStream();
        rules.Load(new StringReader(await File.ReadAllTextAsync(Path.Combine(RepositoryPaths.Root, "deploy", "prometheus", "alerts.yml"), ct)));
        var expressions = ((YamlSequenceNode)((YamlMappingNode)rules.Documents[0].RootNode)["groups"])
            .Cast<YamlMappingNode>()
            .SelectMany(group => ((YamlSequenceNode)group["rules"]).Cast<YamlMappingNode>())
            .Select(rule => ((YamlScalarNode)rule["expr"]).Value!)
            .ToList();
        var used = expressions.SelectMany(e => MetricName().Matches(e).Select(m => m.Value)).ToHashSet();

        var exported = await gateway.Client.GetStringAsync("metrics", ct);

        Assert.True(expressions.Count >= 3, "the seed's alerts: high error rate, all providers down, Redis disconnected");
        Assert.Contains("flexiai_redis_connected", used);
        foreach (var metric in used)
        {
            Assert.Matches($"(?m)^{metric}[{{ ]", exported);
        }
    }

    [GeneratedRegex(@"flexiai_[a-z_]+")]
    private static partial Regex MetricName();
}
