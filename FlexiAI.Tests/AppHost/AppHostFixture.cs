using System.Collections.Concurrent;
using System.Text;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace FlexiAI.Tests.AppHost;

/// <summary>
/// The whole app (FlexiAI.AppHost) started once for every test in <see cref="WholeAppCollection"/>: Redis in
/// whatever mode <c>Redis:Mode=auto</c> finds (no Docker needed), the simulator and two gateway replicas,
/// all on ports Aspire allocates so a running <c>dotnet run --project FlexiAI.AppHost</c> does not collide.
/// </summary>
public sealed class AppHostFixture : IAsyncLifetime
{
    /// <summary>Bound on start-up: build, start and every resource healthy.</summary>
    public static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(3);

    /// <summary>Replicas of the gateway this fixture runs.</summary>
    public const int GatewayReplicas = 2;

    // Last event per resource instance (replicas apart), for the message of a failed start.
    private readonly ConcurrentDictionary<string, ResourceEvent> _lastEvents = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stopping = new();
    private DistributedApplication? _app;
    private Task _watching = Task.CompletedTask;

    /// <summary>The running application.</summary>
    public DistributedApplication App => _app ?? throw new InvalidOperationException("The app has not started.");

    /// <summary>How long start-up took, until the gateway was healthy.</summary>
    public TimeSpan TimeToHealthy { get; private set; }

    /// <inheritdoc />
    public async ValueTask InitializeAsync()
    {
        using var timeout = new CancellationTokenSource(StartTimeout);
        var started = TimeProvider.System.GetTimestamp();

        var appHost = await DistributedApplicationTestingBuilder.CreateAsync<Projects.FlexiAI_AppHost>(
            [
                // 0: any free port. The gateway's provider endpoints follow the simulator's actual port.
                "--Simulator:Port=0",
                "--Gateway:Port=0",
                "--Web:Port=0",
                $"--Gateway:Replicas={GatewayReplicas}",
            ],
            timeout.Token);
        _app = await appHost.BuildAsync(timeout.Token);
        _watching = WatchResourcesAsync(_app, _stopping.Token);
        await _app.StartAsync(timeout.Token);

        await WaitForHealthyAsync("simulator", timeout.Token);
        await WaitForHealthyAsync("gateway", timeout.Token);
        TimeToHealthy = TimeProvider.System.GetElapsedTime(started);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        await _watching;
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }

        _stopping.Dispose();
    }

    /// <summary>Clears every fault the simulator holds, so a test leaves the shared app as it found it.</summary>
    public async Task ClearFaultsAsync(CancellationToken cancellationToken)
    {
        using var simulator = App.CreateHttpClient("simulator");
        using var response = await simulator.DeleteAsync(new Uri("/faults", UriKind.Relative), cancellationToken);
        response.EnsureSuccessStatusCode();
    }

    private async Task WaitForHealthyAsync(string resource, CancellationToken cancellationToken)
    {
        try
        {
            await App.ResourceNotifications.WaitForResourceHealthyAsync(resource, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException(
                $"'{resource}' was not healthy within {StartTimeout.TotalMinutes:0} minutes.{await DescribeResourcesAsync()}");
        }
        catch (DistributedApplicationException ex)
        {
            throw new InvalidOperationException($"{ex.Message}{await DescribeResourcesAsync()}", ex);
        }
    }

    private async Task WatchResourcesAsync(DistributedApplication app, CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var resourceEvent in app.ResourceNotifications.WatchAsync(cancellationToken))
            {
                _lastEvents[resourceEvent.ResourceId] = resourceEvent;
            }
        }
        catch (OperationCanceledException)
        {
            // The fixture is being disposed.
        }
    }

    // Every resource instance's last state and health; for those not healthy, the end of their console log.
    private async Task<string> DescribeResourcesAsync()
    {
        const int LogLines = 15;
        var loggers = App.Services.GetRequiredService<ResourceLoggerService>();
        var text = new StringBuilder();
        foreach (var (id, resourceEvent) in _lastEvents.OrderBy(e => e.Key, StringComparer.Ordinal))
        {
            var snapshot = resourceEvent.Snapshot;
            text.AppendLine().Append(id).Append(": ").Append(snapshot.State?.Text ?? "?")
                .Append(", ").Append(snapshot.HealthStatus?.ToString() ?? "no health status");
            foreach (var report in snapshot.HealthReports)
            {
                text.Append(" [").Append(report.Name).Append(": ").Append(report.Status)
                    .Append(' ').Append(report.Description ?? report.ExceptionText?.Split('\n')[0]).Append(']');
            }

            if (snapshot.HealthStatus is HealthStatus.Healthy)
            {
                continue;
            }

            var lines = new Queue<string>(LogLines);
            await foreach (var batch in loggers.GetAllAsync(id))
            {
                foreach (var line in batch)
                {
                    if (lines.Count == LogLines)
                    {
                        lines.Dequeue();
                    }

                    lines.Enqueue(line.Content);
                }
            }

            foreach (var line in lines)
            {
                text.AppendLine().Append("    | ").Append(line);
            }
        }

        return text.ToString();
    }
}

/// <summary>Tests that share one running app (<see cref="AppHostFixture"/>).</summary>
[CollectionDefinition(Name)]
[System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1711", Justification = "xUnit's name for a collection definition.")]
public sealed class WholeAppCollection : ICollectionFixture<AppHostFixture>
{
    /// <summary>The collection's name.</summary>
    public const string Name = "Whole app";
}
