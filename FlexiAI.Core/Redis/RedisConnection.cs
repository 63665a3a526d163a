using FlexiAI.Options;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace FlexiAI.Redis;

/// <summary>
/// The connection to Redis (<see cref="SyncOptions.ConnectionString"/>, by default <c>ConnectionStrings:cache</c>),
/// opened in the background: nothing waits for Redis at start-up, the process never fails to start because Redis is
/// down, and the client keeps reconnecting. Standalone, Sentinel (<c>serviceName=</c>) and Cluster deployments,
/// passwords and TLS (<c>ssl=true</c>) come from the connection string.
/// </summary>
public sealed partial class RedisConnection : IAsyncDisposable, IDisposable
{
    private readonly ILogger<RedisConnection> _logger;
    private readonly ConfigurationOptions? _options;
    private readonly TaskCompletionSource<IConnectionMultiplexer> _connected = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile ConnectionMultiplexer? _multiplexer;

    public RedisConnection(IOptions<FlexiAIOptions> options, ILogger<RedisConnection> logger)
    {
        _logger = logger;
        var name = options.Value.Sync.ConnectionName;
        var connectionString = options.Value.Sync.ConnectionString;
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            LogNotConfigured(logger, name);
            return;
        }
        try
        {
            _options = ConfigurationOptions.Parse(connectionString);
        }
        catch (ArgumentException exception)
        {
            // The connection string may hold a password: name the setting, never echo its value.
            throw new OptionsValidationException($"ConnectionStrings:{name}", typeof(FlexiAIOptions),
                [$"ConnectionStrings:{name} is not a valid Redis connection string: {exception.Message}"]);
        }
        if (options.Value.Sync.TlsCaCertificatePath is { Length: > 0 } caPath)
        {
            if (!File.Exists(caPath))
            {
                throw new OptionsValidationException("Sync:TlsCaCertificatePath", typeof(FlexiAIOptions),
                    [$"FlexiAI:Sync:TlsCaCertificatePath: no file at '{caPath}'."]);
            }
            _options.TrustIssuer(caPath);
        }
        _options.AbortOnConnectFail = false;
        _options.ConnectTimeout = Math.Min(_options.ConnectTimeout, 2000);
        _options.ConnectRetry = int.MaxValue;
        // Every second, not an exponential back-off: breaker state must be shared again within seconds of Redis
        // returning, however long it was away.
        _options.ReconnectRetryPolicy = new LinearRetry(1000);
        _options.ClientName ??= "flexiai";
        _ = ConnectAsync(_options);
    }

    /// <summary>A Redis connection string is configured.</summary>
    public bool Configured => _options is not null;

    /// <summary>Connected to a server that can take writes now.</summary>
    public bool IsConnected => _multiplexer?.IsConnected == true;

    /// <summary>The client, once created (it may still be disconnected).</summary>
    public IConnectionMultiplexer? Multiplexer => _multiplexer;

    /// <summary>Completes when the client exists (not necessarily connected). Never completes when Redis is not configured.</summary>
    public Task<IConnectionMultiplexer> Created => _connected.Task;

    private async Task ConnectAsync(ConfigurationOptions options)
    {
        try
        {
            var multiplexer = await ConnectionMultiplexer.ConnectAsync(options).ConfigureAwait(false);
            _multiplexer = multiplexer;
            multiplexer.ConnectionFailed += (_, e) => LogConnectionFailed(_logger, e.EndPoint?.ToString() ?? "?", e.FailureType.ToString());
            multiplexer.ConnectionRestored += (_, e) => LogConnectionRestored(_logger, e.EndPoint?.ToString() ?? "?");
            LogStarted(_logger, multiplexer.IsConnected);
            _connected.TrySetResult(multiplexer);
        }
        catch (Exception exception) when (exception is RedisException or InvalidOperationException or ArgumentException)
        {
            LogConnectFailed(_logger, exception.Message);
            _connected.TrySetException(exception);
        }
    }

    public void Dispose() => _multiplexer?.Dispose();

    public async ValueTask DisposeAsync()
    {
        if (_multiplexer is { } multiplexer)
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
