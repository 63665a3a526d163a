using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using FlexiAI.Tests.Infrastructure;

namespace FlexiAI.Tests.Deploy;

/// <summary>deploy/grafana/flexiai-dashboard.json shows what an operator of the gateway watches.</summary>
public sealed partial class GrafanaDashboardTests
{
    private static readonly JsonNode Dashboard =
        JsonNode.Parse(File.ReadAllText(Path.Combine(RepositoryPaths.Root, "deploy", "grafana", "flexiai-dashboard.json")))!;

    private static IReadOnlyList<JsonNode> Panels => [.. Dashboard["panels"]!.AsArray().Select(p => p!)];

    public static TheoryData<string, string> Wanted => new()
    {
        { "Requests by provider", "flexiai_requests_total" },
        { "Errors by provider", "flexiai_provider_failures_total" },
        { "Latency p50 / p99", "flexiai_request_duration_seconds_bucket" },
        { "Breaker state per replica", "flexiai_circuit_breaker_state" },
        { "Fallbacks", "flexiai_fallbacks_total" },
        { "Tokens by provider", "flexiai_tokens_total" },
        { "Redis connected", "flexiai_redis_connected" },
        { "In flight per replica", "flexiai_requests_in_flight" },
    };

    [Theory]
    [MemberData(nameof(Wanted))]
    public void A_panel_shows_each_signal(string title, string metric)
    {
        var panel = Assert.Single(Panels, p => (string?)p["title"] == title);
        Assert.Contains(Expressions(panel), e => MetricName().Matches(e).Any(m => m.Value == metric));
    }

    [Fact]
    public void Breaker_state_and_in_flight_are_shown_per_replica_and_latency_as_p50_and_p99()
    {
        Assert.All(Expressions(Panel("Breaker state per replica")), e => Assert.Contains("by (pod, provider)", e, StringComparison.Ordinal));
        Assert.All(Expressions(Panel("In flight per replica")), e => Assert.Contains("by (pod)", e, StringComparison.Ordinal));
        var latency = Expressions(Panel("Latency p50 / p99"));
        Assert.Contains(latency, e => e.StartsWith("histogram_quantile(0.5,", StringComparison.Ordinal));
        Assert.Contains(latency, e => e.StartsWith("histogram_quantile(0.99,", StringComparison.Ordinal));
    }

    [Fact]
    public void Every_panel_uses_the_data_source_variable_and_has_its_own_id()
    {
        Assert.Equal(Panels.Count, Panels.Select(p => (int)p["id"]!).Distinct().Count());
        Assert.All(Panels, p => Assert.Equal("${datasource}", (string?)p["datasource"]!["uid"]));
        Assert.Contains(Dashboard["templating"]!["list"]!.AsArray(), v => (string?)v!["name"] == "datasource" && (string?)v["type"] == "datasource");
    }

    [Fact]
    public async Task Every_query_is_valid_PromQL()
    {
        // promtool parses each query as a recording rule, with Grafana's variables given values.
        var rules = Panels.SelectMany(Expressions).Select((expr, i) =>
            $"      - record: flexiai:dashboard:{i}\n        expr: '{expr.Replace("$__rate_interval", "5m", StringComparison.Ordinal).Replace("$namespace", ".*", StringComparison.Ordinal).Replace("'", "''", StringComparison.Ordinal)}'\n");
        var file = "groups:\n  - name: dashboard\n    rules:\n" + string.Concat(rules);

        await Promtool.CheckRulesAsync(file, TestContext.Current.CancellationToken);
    }

    private static JsonNode Panel(string title) => Panels.Single(p => (string?)p["title"] == title);

    private static List<string> Expressions(JsonNode panel) => [.. panel["targets"]!.AsArray().Select(t => (string)t!["expr"]!)];

    [GeneratedRegex(@"flexiai_[a-z_]+")]
    private static partial Regex MetricName();
}
