using System.Diagnostics;
using System.Text.RegularExpressions;
using FlexiAI.Tests.Gateway;
using FlexiAI.Tests.Infrastructure;
using YamlDotNet.RepresentationModel;

namespace FlexiAI.Tests.Security;

/// <summary>
/// The shipped alert rules use only metrics the gateway really exports, point at runbooks that exist, and fire during a
/// replayed outage (<c>promtool test rules</c>, Debian package <c>prometheus</c>).
/// </summary>
public sealed partial class AlertRulesTests(GatewayFixture gateway) : IClassFixture<GatewayFixture>
{
    private static readonly string RulesFolder = Path.Combine(RepositoryPaths.Root, "deploy", "prometheus");

    [Fact]
    public async Task Every_metric_an_alert_uses_appears_in_metrics()
    {
        var ct = TestContext.Current.CancellationToken;
        await gateway.ResetAsync(ct);
        // Traffic that makes the request series exist: an answer, a failed attempt and a fallback.
        await gateway.Simulator.SetFaultAsync(GatewayFixture.OpenAIProvider, new { mode = "error", status = 500 }, ct);
        using (var response = await gateway.ChatAsync(cancellationToken: ct))
        {
            Assert.True(response.IsSuccessStatusCode);
        }

        var rules = await RulesAsync(ct);
        var used = rules.Select(rule => ((YamlScalarNode)rule["expr"]).Value!)
            .SelectMany(e => MetricName().Matches(e).Select(m => m.Value)).ToHashSet();

        var exported = await gateway.Client.GetStringAsync("metrics", ct);

        Assert.Contains("flexiai_redis_connected", used);
        Assert.Contains("flexiai_request_duration_seconds_bucket", used);
        foreach (var metric in used)
        {
            Assert.Matches($"(?m)^{metric}[{{ ]", exported);
        }
    }

    [Fact]
    public async Task Every_alert_has_a_runbook_that_exists()
    {
        var ct = TestContext.Current.CancellationToken;
        var operations = await File.ReadAllTextAsync(Path.Combine(RepositoryPaths.Root, "docs", "operations.md"), ct);
        var anchors = Heading().Matches(operations).Select(m => Anchor(m.Groups[1].Value)).ToHashSet();

        var rules = await RulesAsync(ct);

        Assert.True(rules.Count >= 6, "all providers down, breaker open, error ratio, p99 latency, gateway down, gateway absent");
        foreach (var rule in rules)
        {
            var annotations = (YamlMappingNode)rule["annotations"];
            var url = ((YamlScalarNode)annotations["runbook_url"]).Value!;
            Assert.StartsWith("docs/operations.md#", url, StringComparison.Ordinal);
            Assert.Contains(url["docs/operations.md#".Length..], anchors);
        }
    }

    [Fact]
    public async Task Promtool_accepts_the_rules_and_their_outage_tests()
    {
        var ct = TestContext.Current.CancellationToken;
        var check = await PromtoolAsync(ct, "check", "rules", "alerts.yml");
        Assert.True(check.ExitCode == 0, check.Output);
        Assert.Contains("SUCCESS", check.Output, StringComparison.Ordinal);

        var test = await PromtoolAsync(ct, "test", "rules", "alerts.test.yml");
        Assert.True(test.ExitCode == 0, test.Output);
        Assert.Contains("SUCCESS", test.Output, StringComparison.Ordinal);
    }

    private static async Task<(int ExitCode, string Output)> PromtoolAsync(CancellationToken ct, params string[] arguments)
    {
        var start = new ProcessStartInfo("promtool") { WorkingDirectory = RulesFolder, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            Assert.Skip("promtool is not installed (Debian package prometheus; .ci/run installs it)");
            throw;
        }
        using (process)
        {
            var output = process.StandardOutput.ReadToEndAsync(ct);
            var error = process.StandardError.ReadToEndAsync(ct);
            await process.WaitForExitAsync(ct);
            return (process.ExitCode, await output + await error);
        }
    }

    private static async Task<List<YamlMappingNode>> RulesAsync(CancellationToken ct)
    {
        var rules = new YamlStream();
        rules.Load(new StringReader(await File.ReadAllTextAsync(Path.Combine(RulesFolder, "alerts.yml"), ct)));
        return [.. ((YamlSequenceNode)((YamlMappingNode)rules.Documents[0].RootNode)["groups"])
            .Cast<YamlMappingNode>()
            .SelectMany(group => ((YamlSequenceNode)group["rules"]).Cast<YamlMappingNode>())];
    }

    /// <summary>GitHub's anchor of a heading: lower case, punctuation dropped, spaces as dashes.</summary>
    private static string Anchor(string heading) =>
        string.Concat(heading.Trim().ToLowerInvariant().Where(c => char.IsLetterOrDigit(c) || c is ' ' or '-' or '_')).Replace(' ', '-');

    [GeneratedRegex(@"flexiai_[a-z_]+")]
    private static partial Regex MetricName();

    [GeneratedRegex(@"(?m)^#{1,6} (.+)$")]
    private static partial Regex Heading();
}
