using FlexiAI.Options;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace FlexiAI.Redis;

/// <summary>
/// The one Redis client of the process (breakers, rate limits, response cache, replica registry), created in the
/// background by <see cref="Start"/>: nothing waits for Redis at start-up, the process never fails to start because
/// Redis is down, and the client keeps reconnecting. The constructor does no I/O.
/// <list type="bullet">
/// <item>In the gateway the client is Aspire's (<c>AddRedisClient</c>: health check and tracing), configured by
/// <see cref="RedisClientConfiguration"/>; this class only takes it from the container, off the start-up path.</item>
/// <item>In any other app (FlexiAI.Core without Aspire) it is built from <see cref="RedisOptions.ConnectionString"/>
/// (by default <c>ConnectionStrings:cache</c>), or handed over ready-made.</item>
/// </list>
/// Standalone, Sentinel (<c>serviceName=</c>) and Cluster deployments, passwords and TLS (<c>ssl=true</c>, with
/// <see cref="RedisOptions.TlsCaCertificatePath"/> for a private CA) come from the connection string.
/// </summary>
public sealed partial class RedisConnection : IAsyncDisposable, IDisposable
{
    private readonly ILogger<RedisConnection> _logger;
    private readonly Func<IConnectionMultiplexer>? _create;
    private readonly TaskCompletionSource<IConnectionMultiplexer> _created = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly bool _owned;
    private volatile IConnectionMultiplexer? _multiplexer;
    private int _started;

    /// <summary>A client built from the options' connection string when <see cref="Start"/> is called.</summary>
    public RedisConnection(IOptions<FlexiAIOptions> options, ILogger<RedisConnection> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _logger = logger;
        var redis = options.Value.Redis;
        if (string.IsNullOrWhiteSpace(redis.ConnectionString))
        {
            LogNotConfigured(logger, redis.ConnectionName);
            return;
        }
        _create = () => ConnectionMultiplexer.Connect(RedisClientConfiguration.Parse(redis));
        _owned = true;
    }

    /// <summary>
    /// A client made by <paramref name="create"/> (for example resolved from a container where Aspire registered it),
    /// called once on a background thread by <see cref="Start"/>. The caller owns it: disposing this does not close it.
    /// </summary>
    public RedisConnection(Func<IConnectionMultiplexer> create, ILogger<RedisConnection> logger)
    {
        _create = create ?? throw new ArgumentNullException(nameof(create));
        _logger = logger;
    }

    /// <summary>A Redis connection is configured.</summary>
    public bool Configured => _create is not null;

    /// <summary>Connected to a server that can take writes now.</summary>
    public bool IsConnected => _multiplexer?.IsConnected == true;

    /// <summary>The client, once created (it may still be disconnected).</summary>
    public IConnectionMultiplexer? Multiplexer => _multiplexer;

    /// <summary>
    /// Completes when the client exists (not necessarily connected); faults when it could not be created. Never
    /// completes when Redis is not configured or <see cref="Start"/> was not called.
    /// </summary>
    public Task<IConnectionMultiplexer> Created => _created.Task;

    /// <summary>Creates the client in the background (once; later calls do nothing). Returns at once.</summary>
    public void Start()
    {
        if (_create is null || Interlocked.Exchange(ref _started, 1) == 1)
        {
            return;
        }
        // A thread of its own: the client's first connect blocks until Redis answers or the connect timeout passes.
        _ = Task.Factory.StartNew(Create, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
    }

    private void Create()
    {
        try
        {
            var multiplexer = _create!();
            multiplexer.ConnectionFailed += (_, e) => LogConnectionFailed(_logger, e.EndPoint?.ToString() ?? "?", e.FailureType.ToString());
            multiplexer.ConnectionRestored += (_, e) =>
            {
                if (_logger.IsEnabled(LogLevel.Information))
                {
                    LogConnectionRestored(_logger, e.EndPoint?.ToString() ?? "?");
                }
            };
            _multiplexer = multiplexer;
            LogStarted(_logger, multiplexer.IsConnected);
            _created.TrySetResult(multiplexer);
        }
        catch (Exception exception)
        {
            // Whatever the cause (bad certificate file, an invalid setting), the gateway serves with local state.
            LogConnectFailed(_logger, exception.Message);
            _created.TrySetException(exception);
        }
    }

    public void Dispose()
    {
        if (_owned)
        {
            _multiplexer?.Dispose();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_owned && _multiplexer is { } multiplexer)
        {
            await multiplexer.DisposeAsync().ConfigureAwait(false);
        }
    }

    [LoggerMessage(EventId = 300, Level = LogLevel.Warning, Message = "No Redis connection string (ConnectionStrings:{Name}): breaker state stays local to this process")]
    private static partial void LogNotConfigured(ILogger logger, string name);

    [LoggerMessage(EventId = 301, Level = LogLevel.Information, Message = "Redis client started; connected: {Connected}")]
    private static partial void LogStarted(ILogger logger, bool connected);

    [LoggerMessage(EventId = 302, Level = LogLevel.Error, Message = "Redis client could not be created: {Reason}")]
    private static partial void LogConnectFailed(ILogger logger, string reason);

    [LoggerMessage(EventId = 303, Level = LogLevel.Warning, Message = "Redis connection to {EndPoint} lost ({FailureType}); breakers continue locally")]
    private static partial void LogConnectionFailed(ILogger logger, string endPoint, string failureType);

    [LoggerMessage(EventId = 304, Level = LogLevel.Information, Message = "Redis connection to {EndPoint} restored")]
    private static partial void LogConnectionRestored(ILogger logger, string endPoint);
}
