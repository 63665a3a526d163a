using StackExchange.Redis;

namespace FlexiAI.Api.Hosting;

/// <summary>
/// The gateway's connection to Redis (<c>ConnectionStrings:cache</c>), opened in the background: the process
/// never waits for Redis to start, and never fails to start because Redis is down; the client keeps reconnecting.
/// </summary>
public sealed partial class RedisConnection(IConfiguration configuration, ILogger<RedisConnection> logger) : IHostedService, IAsyncDisposable
{
    private readonly string? _connectionString = configuration.GetConnectionString("cache");
    private ConnectionMultiplexer? _multiplexer;

    /// <summary>A Redis connection string is configured.</summary>
    public bool Configured => !string.IsNullOrWhiteSpace(_connectionString);

    public bool IsConnected => _multiplexer?.IsConnected == true;

    public IConnectionMultiplexer? Multiplexer => _multiplexer;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (!Configured)
        {
            LogNotConfigured(logger);
            return Task.CompletedTask;
        }
        ConfigurationOptions options;
        try
        {
            options = ConfigurationOptions.Parse(_connectionString!);
        }
        catch (ArgumentException exception)
        {
            // The message names the problem; the connection string itself may hold a password, so it is not logged.
            throw new InvalidOperationException($"ConnectionStrings:cache is not a valid Redis connection string: {exception.Message}");
        }
        options.AbortOnConnectFail = false;
        options.ConnectTimeout = Math.Min(options.ConnectTimeout, 2000);
        options.ClientName ??= "flexiai-gateway";
        _ = ConnectAsync(options);
        return Task.CompletedTask;
    }

    private async Task ConnectAsync(ConfigurationOptions options)
    {
        try
        {
            _multiplexer = await ConnectionMultiplexer.ConnectAsync(options).ConfigureAwait(false);
            LogConnecting(logger, _multiplexer.IsConnected);
        }
        catch (RedisConnectionException exception)
        {
            LogConnectFailed(logger, exception.Message);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        if (_multiplexer is not null)
        {
            await _multiplexer.DisposeAsync().ConfigureAwait(false);
        }
    }

    [LoggerMessage(EventId = 300, Level = LogLevel.Warning, Message = "No Redis connection string (ConnectionStrings:cache): breaker state stays local to this replica")]
    private static partial void LogNotConfigured(ILogger logger);

    [LoggerMessage(EventId = 301, Level = LogLevel.Information, Message = "Redis client started; connected: {Connected}")]
    private static partial void LogConnecting(ILogger logger, bool connected);

    [LoggerMessage(EventId = 302, Level = LogLevel.Warning, Message = "Redis connection failed: {Reason}")]
    private static partial void LogConnectFailed(ILogger logger, string reason);
}
