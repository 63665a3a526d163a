using System.Net;
using FlexiAI.Web;
using FlexiAI.Web.Board;
using FlexiAI.Web.Gateway;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace FlexiAI.Tests.Web;

/// <summary>The poller behind the board: each poll publishes, a failed one keeps the last report and says why.</summary>
public sealed class ClusterMonitorTests
{
    private const string OneReplica =
        """{"replicas":[{"replica_id":"gateway-a","address":null,"last_seen":"2026-11-26T10:00:00Z","sync":null,"providers":[{"name":"sim-openai","kind":"OpenAI","model":"m","priority":1,"available":true,"circuit_state":"CLOSED","failure_count":0,"epoch":0,"requests":{"total":3,"success":3,"failure":0}}]}],"source":"redis"}""";

    private readonly FakeTimeProvider _time = new(ClusterReports.Now);
    private Func<HttpResponseMessage> _answer = () => StubHttpHandler.Text(HttpStatusCode.OK, OneReplica, "application/json");

    [Fact]
    public async Task A_poll_publishes_the_report_and_a_failed_poll_keeps_it_with_the_reason()
    {
        var monitor = CreateMonitor();
        var changes = 0;
        monitor.Changed += (_, _) => changes++;

        await monitor.PollOnceAsync(TestContext.Current.CancellationToken);
        Assert.Equal("gateway-a", Assert.Single(monitor.Current.Report!.Replicas).ReplicaId);
        Assert.Equal(ClusterReports.Now, monitor.Current.ReceivedAt);
        Assert.Null(monitor.Current.Error);

        _time.Advance(TimeSpan.FromSeconds(1));
        _answer = () => StubHttpHandler.Text(HttpStatusCode.BadGateway,
            """{"error":{"message":"Redis timed out","type":"api_error","param":null,"code":null}}""", "application/json");
        await monitor.PollOnceAsync(TestContext.Current.CancellationToken);
        Assert.Equal("Redis timed out", monitor.Current.Error);
        Assert.NotNull(monitor.Current.Report);
        Assert.Equal(ClusterReports.Now, monitor.Current.ReceivedAt);

        _answer = () => throw new InvalidOperationException("No endpoints resolved for 'gateway'.");
        await monitor.PollOnceAsync(TestContext.Current.CancellationToken);
        Assert.Contains("No endpoints resolved", monitor.Current.Error);

        _answer = () => StubHttpHandler.Text(HttpStatusCode.OK, OneReplica, "application/json");
        await monitor.PollOnceAsync(TestContext.Current.CancellationToken);
        Assert.Null(monitor.Current.Error);
        Assert.Equal(4, changes);
    }

    [Fact]
    public async Task A_subscriber_that_throws_does_not_stop_the_others()
    {
        var monitor = CreateMonitor();
        monitor.Changed += (_, _) => throw new InvalidOperationException("a page failed to render");

        await monitor.PollOnceAsync(TestContext.Current.CancellationToken);

        Assert.NotNull(monitor.Current.Report);
    }

    private ClusterMonitor CreateMonitor()
    {
        var handler = new StubHttpHandler(_ => _answer());
        var options = Microsoft.Extensions.Options.Options.Create(new WebUiOptions());
        var gateway = new GatewayClient(new StubHttpClientFactory(handler, new Uri("http://gateway.test")), options);
        return new ClusterMonitor(gateway, options, _time, NullLogger<ClusterMonitor>.Instance);
    }
}
