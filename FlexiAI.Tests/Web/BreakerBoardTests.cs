using Bunit;
using FlexiAI.Web.Board;
using FlexiAI.Web.Components;
using FlexiAI.Web.Components.Breakers;
using FlexiAI.Web.Gateway;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using static FlexiAI.Tests.Web.ClusterReports;

namespace FlexiAI.Tests.Web;

/// <summary>The breaker board as a component, fed by a hand-driven <see cref="IClusterFeed"/>.</summary>
public sealed class BreakerBoardTests : IDisposable
{
    private readonly BunitContext _context = new();
    private readonly FakeClusterFeed _feed = new(ClusterFeedState.Empty);
    private readonly FakeProviderAdmin _admin = new();
    private readonly FakeTimeProvider _time = new(Now);

    public BreakerBoardTests()
    {
        _context.Services.AddSingleton<IClusterFeed>(_feed);
        _context.Services.AddSingleton<IProviderAdmin>(_admin);
        _context.Services.AddSingleton<TimeProvider>(_time);
    }

    public void Dispose() => _context.Dispose();

    [Theory]
    [InlineData("CLOSED", "state-closed")]
    [InlineData("OPEN", "state-open")]
    [InlineData("HALF_OPEN", "state-half-open")]
    public void Each_breaker_state_renders_with_its_words(string state, string cssClass)
    {
        _feed.Publish(Received(Everywhere(state, "gateway-a", "gateway-b")));

        var board = _context.Render<BreakerBoard>();

        var cells = board.FindAll("article[data-provider='sim-openai'] li.cell");
        Assert.Equal(2, cells.Count);
        Assert.All(cells, cell =>
        {
            var badge = cell.QuerySelector(".badge")!;
            Assert.Equal(state, badge.TextContent.Trim());
            Assert.Contains(cssClass, badge.ClassList);
            Assert.Equal(state, cell.GetAttribute("data-state"));
        });
        Assert.Equal(["gateway-a", "gateway-b"], cells.Select(c => c.GetAttribute("data-replica")));
        // The provider's summary says the state in words too, with how many replicas share it.
        var summary = board.Find("article[data-provider='sim-openai'] .provider-summary");
        Assert.Contains(state, summary.TextContent);
        Assert.Contains("on all 2", summary.TextContent);
    }

    [Theory]
    [InlineData("auth", "OPEN", 1, "Key rejected")]
    [InlineData("not_found", "CLOSED", 2, "Model not found")]
    public void A_breaker_failing_by_the_gateways_configuration_says_so_over_the_provider(string errorType, string state, int failures, string words)
    {
        var failing = Provider("sim-openai", state, failures, lastError: "HTTP 4xx") with { LastErrorType = errorType };
        _feed.Publish(Received(Cluster(Replica("gateway-a", failing, Provider("sim-anthropic", priority: 2)))));

        var board = _context.Render<BreakerBoard>();

        Assert.StartsWith(words, board.Find("article[data-provider='sim-openai'] .config-fault").TextContent, StringComparison.Ordinal);
        Assert.Equal(errorType, board.Find("article[data-provider='sim-openai'] .last-error").GetAttribute("data-error-type"));
        Assert.Empty(board.FindAll("article[data-provider='sim-anthropic'] .config-fault"));
    }

    [Fact]
    public void A_reset_breaker_shows_no_configuration_fault_though_its_last_error_stays()
    {
        var reset = Provider("sim-openai", "CLOSED", 0, lastError: "HTTP 401 credentials rejected") with { LastErrorType = "auth" };
        _feed.Publish(Received(Cluster(Replica("gateway-a", reset))));

        var board = _context.Render<BreakerBoard>();

        Assert.Empty(board.FindAll(".config-fault"));
    }

    [Fact]
    public void Updates_when_the_feed_publishes_a_new_report()
    {
        _feed.Publish(Received(Everywhere("CLOSED", "gateway-a", "gateway-b")));
        var board = _context.Render<BreakerBoard>();
        Assert.All(board.FindAll("article[data-provider='sim-openai'] li.cell"), c => Assert.Equal("CLOSED", c.GetAttribute("data-state")));

        _feed.Publish(Received(Everywhere("OPEN", "gateway-a", "gateway-b", "gateway-c")));

        board.WaitForAssertion(() =>
        {
            var cells = board.FindAll("article[data-provider='sim-openai'] li.cell");
            Assert.Equal(3, cells.Count);
            Assert.All(cells, c => Assert.Equal("OPEN", c.QuerySelector(".badge")!.TextContent.Trim()));
        });
        // The secondary stays as it was.
        Assert.All(board.FindAll("article[data-provider='sim-anthropic'] li.cell"), c => Assert.Equal("CLOSED", c.GetAttribute("data-state")));
    }

    [Fact]
    public void Shows_each_providers_share_in_flight_and_recent_latency()
    {
        var loaded = Provider("sim-openai") with { Load = new ProviderLoad(3, 0.734, 2, 41.5, 12.25) };
        var idle = Provider("sim-anthropic", priority: 2) with { Load = new ProviderLoad(1, 0, 0, null, null) };
        _feed.Publish(Received(Cluster(Replica("gateway-a", loaded, idle))));

        var board = _context.Render<BreakerBoard>();

        var cell = board.Find("article[data-provider='sim-openai'] li.cell[data-replica='gateway-a']");
        Assert.Equal("73 % (weight 3)", Fact(cell, "Share"));
        Assert.Equal("2", Fact(cell, "In flight"));
        Assert.Equal($"{Format.Latency(TimeSpan.FromMilliseconds(41.5))} · first chunk {Format.Latency(TimeSpan.FromMilliseconds(12.25))}", Fact(cell, "Recent latency"));
        Assert.Equal("—", Fact(board.Find("article[data-provider='sim-anthropic'] li.cell"), "Recent latency"));
    }

    [Fact]
    public void Shows_failures_time_until_the_next_probe_and_the_last_error()
    {
        _feed.Publish(Received(Cluster(Replica("gateway-a",
            Provider("sim-openai", "OPEN", failures: 5, retryAt: Now.AddSeconds(25), lastError: "HTTP 500 from sim-openai")))));

        var board = _context.Render<BreakerBoard>();

        var cell = board.Find("li.cell[data-replica='gateway-a']");
        Assert.Equal("5", Fact(cell, "Failures in a row"));
        Assert.Equal("in 25 s", Fact(cell, "Next probe"));
        Assert.Contains("HTTP 500 from sim-openai", cell.QuerySelector(".last-error")!.TextContent);

        // Time passes and the next report arrives: the countdown follows the clock.
        _time.Advance(TimeSpan.FromSeconds(10));
        _feed.Publish(_feed.Current);
        board.WaitForAssertion(() => Assert.Equal("in 15 s", Fact(board.Find("li.cell[data-replica='gateway-a']"), "Next probe")));
    }

    [Fact]
    public void A_provider_that_is_open_on_some_replicas_only_shows_open_with_the_count()
    {
        _feed.Publish(Received(Cluster(
            Replica("gateway-a", Provider("sim-openai", "OPEN", failures: 5, retryAt: Now.AddSeconds(30))),
            Replica("gateway-b", Provider("sim-openai", "CLOSED")))));

        var board = _context.Render<BreakerBoard>();

        var summary = board.Find("article[data-provider='sim-openai'] .provider-summary");
        Assert.Equal("OPEN", summary.GetAttribute("data-state"));
        Assert.Contains("on 1 of 2", summary.TextContent);
    }

    [Fact]
    public void Reset_and_open_buttons_call_the_gateway_for_that_provider()
    {
        _feed.Publish(Received(Everywhere("OPEN", "gateway-a")));
        var board = _context.Render<BreakerBoard>();

        board.Find("button[aria-label='Reset sim-openai on every replica']").Click();
        board.Find("button[aria-label='Open sim-anthropic on every replica']").Click();

        Assert.Equal([("reset", "sim-openai"), ("open", "sim-anthropic")], _admin.Calls);
        board.WaitForAssertion(() => Assert.Contains("sim-anthropic: opened on every replica", board.Find(".action-status").TextContent));
    }

    [Fact]
    public void A_failed_admin_call_shows_the_gateways_message()
    {
        _admin.Failure = new GatewayException(new GatewayError("No provider named 'sim-openai'.", "invalid_request_error", "provider_not_found", 404));
        _feed.Publish(Received(Everywhere("CLOSED", "gateway-a")));
        var board = _context.Render<BreakerBoard>();

        board.Find("button[aria-label='Reset sim-openai on every replica']").Click();

        board.WaitForAssertion(() =>
        {
            var status = board.Find(".action-status");
            Assert.Contains("is-error", status.ClassList);
            Assert.Contains("No provider named 'sim-openai'.", status.TextContent);
        });
    }

    [Fact]
    public void When_the_gateway_cannot_be_read_the_last_report_stays_with_a_warning()
    {
        _feed.Publish(Received(Everywhere("CLOSED", "gateway-a")));
        var board = _context.Render<BreakerBoard>();

        _time.Advance(TimeSpan.FromSeconds(4));
        _feed.Publish(_feed.Current with { Error = "Cannot reach the gateway at https+http://gateway/: Connection refused" });

        board.WaitForAssertion(() =>
        {
            var banner = board.Find(".banner[role='alert']");
            Assert.Contains("Connection refused", banner.TextContent);
            Assert.Contains("4 s ago", banner.TextContent);
        });
        Assert.Single(board.FindAll("article[data-provider='sim-openai'] li.cell"));
    }

    [Fact]
    public void Redis_down_says_the_view_is_local()
    {
        _feed.Publish(Received(Everywhere("OPEN", "gateway-a") with { Source = "local" }));

        var board = _context.Render<BreakerBoard>();

        Assert.Contains("Redis is unreachable", board.Find(".banner").TextContent);
    }

    [Fact]
    public void Timeline_draws_state_bands_in_words_and_bars_of_calls()
    {
        var timeline = new ClusterTimeline(TimeSpan.FromMinutes(5), TimeSpan.FromSeconds(5));
        var healthy = Everywhere("CLOSED", "gateway-a");
        var failing = Cluster(Replica("gateway-a",
            Provider("sim-openai", "OPEN", failures: 5, requests: new RequestCounts(15, 10, 5), retryAt: Now.AddSeconds(30)),
            Provider("sim-anthropic", "CLOSED", priority: 2, requests: new RequestCounts(15, 15, 0))));
        foreach (var (report, second) in new[] { (healthy, 0), (healthy, 4), (healthy, 8), (failing, 12), (failing, 16), (failing, 20) })
        {
            timeline.Record(report, Now.AddSeconds(second));
        }

        _feed.Publish(new ClusterFeedState(failing, Now.AddSeconds(20), null, timeline.Snapshot(Now.AddSeconds(20))));

        var board = _context.Render<BreakerBoard>();

        var lane = board.Find(".lane[data-provider='sim-openai']");
        Assert.Equal(["CLOSED", "OPEN"], lane.QuerySelectorAll(".lane-band").Select(b => b.TextContent.Trim()));
        Assert.Contains("0 ok · 5 failed", lane.QuerySelector(".lane-head")!.TextContent);
        Assert.Single(lane.QuerySelectorAll("svg rect.plot-fail"));
        Assert.Contains("OPEN", lane.QuerySelector("svg")!.GetAttribute("aria-label"));
        Assert.Contains("5 ok · 0 failed", board.Find(".lane[data-provider='sim-anthropic'] .lane-head").TextContent);
    }

    [Fact]
    public async Task Stops_listening_when_removed()
    {
        _feed.Publish(Received(Everywhere("CLOSED", "gateway-a")));
        _context.Render<BreakerBoard>();
        Assert.Equal(1, _feed.Subscribers);

        await _context.DisposeComponentsAsync();

        Assert.Equal(0, _feed.Subscribers);
    }

    /// <summary>The value of the fact labelled <paramref name="label"/> in a board cell.</summary>
    private static string Fact(AngleSharp.Dom.IElement cell, string label) =>
        cell.QuerySelectorAll(".facts > div")
            .Single(d => d.QuerySelector("dt")!.TextContent.Trim() == label)
            .QuerySelector("dd")!.TextContent.Trim();
}
