using System.Text.Json;
using FlexiAI.Api.Apis;
using FlexiAI.Breakers;
using FlexiAI.Options;
using FlexiAI.Redis;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace FlexiAI.Api.Hosting;

/// <summary>
/// Every live replica, for <c>GET /cluster</c> (the web UI's breaker board). Each replica writes its own report to
/// Redis every second and at once when a breaker changes, with a short expiry: a replica that dies drops out within
/// <see cref="Expiry"/>. Reading returns every report that has not expired. The index of replicas is a sorted set
/// scored by each entry's expiry, trimmed by every publication, so replicas that come and go (pods with new names) do
/// not pile up in Redis, and the live count is exact.
/// </summary>
public sealed partial class ReplicaRegistry(
    RedisConnection redis,
    IBreakerStateStore breakers,
    IServiceProvider services,
    Microsoft.AspNetCore.Hosting.Server.IServer server,
    IOptions<FlexiAIOptions> options,
    TimeProvider time,
    ILogger<ReplicaRegistry> logger) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);
    public static readonly TimeSpan Expiry = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan ReadTimeout = TimeSpan.FromMilliseconds(500);

    // A sorted set (member: replica id, score: expiry in ms); named apart from the plain set older versions wrote.
    private readonly string _setKey = "{" + options.Value.Redis.KeyPrefix + "}:replicas-by-expiry";
    private readonly string _keyPrefix = "{" + options.Value.Redis.KeyPrefix + "}:replica:";
    private readonly SemaphoreSlim _changed = new(0, 1);

    /// <summary>Live replicas at the last publication (1 until Redis has been reached): for local shares of shared limits.</summary>
    public int LastKnownReplicaCount { get; private set; } = 1;

    /// <summary>This replica's report now.</summary>
    public ReplicaReport Current()
    {
        var report = ProvidersApi.BuildReport(services.GetRequiredService<GatewayServices>());
        var address = server.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault();
        return new ReplicaReport(report.ReplicaId, address, time.GetUtcNow(), report.Sync, report.Providers);
    }

    /// <summary>Every live replica's report, from Redis; only this replica's when Redis cannot be read.</summary>
    public async Task<(IReadOnlyList<byte[]> Reports, bool FromRedis)> ReadAllAsync()
    {
        if (redis.Multiplexer is { IsConnected: true } multiplexer)
        {
            try
            {
                var database = multiplexer.GetDatabase();
                var members = await database.SortedSetRangeByScoreAsync(_setKey, time.GetUtcNow().ToUnixTimeMilliseconds())
                    .WaitAsync(ReadTimeout, time);
                if (members.Length > 0)
                {
                    var values = await database.StringGetAsync([.. members.Select(m => (RedisKey)(_keyPrefix + m))]).WaitAsync(ReadTimeout, time);
                    return ([.. values.Where(v => !v.IsNull).Select(v => (byte[])v!)], true);
                }
            }
            catch (Exception exception) when (exception is RedisException or TimeoutException)
            {
                LogReadFailed(logger, exception.Message);
            }
        }
        return ([Serialize(Current())], false);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        breakers.StateChanged += OnStateChanged;
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                await PublishAsync();
                // Wake at the interval, or at once when a breaker changes.
                using var wait = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
                wait.CancelAfter(Interval);
                try
                {
                    await _changed.WaitAsync(wait.Token);
                }
                catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
                {
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            breakers.StateChanged -= OnStateChanged;
        }
    }

    private void OnStateChanged(object? sender, BreakerStateChangedEventArgs e)
    {
        if (_changed.CurrentCount == 0)
        {
            try
            {
                _changed.Release();
            }
            catch (SemaphoreFullException)
            {
                // Already signalled.
            }
        }
    }

    private async Task PublishAsync()
    {
        if (redis.Multiplexer is not { IsConnected: true } multiplexer)
        {
            return;
        }
        var report = Current();
        try
        {
            var database = multiplexer.GetDatabase();
            var batch = database.CreateBatch();
            var now = time.GetUtcNow().ToUnixTimeMilliseconds();
            var set = batch.StringSetAsync(_keyPrefix + report.ReplicaId, Serialize(report), Expiry);
            var add = batch.SortedSetAddAsync(_setKey, report.ReplicaId, now + (long)Expiry.TotalMilliseconds);
            var trim = batch.SortedSetRemoveRangeByScoreAsync(_setKey, double.NegativeInfinity, now, Exclude.Stop);
            var count = batch.SortedSetLengthAsync(_setKey);
            var expire = batch.KeyExpireAsync(_setKey, options.Value.Redis.StateTtl);
            batch.Execute();
            await Task.WhenAll(set, add, trim, count, expire).WaitAsync(ReadTimeout, time);
            LastKnownReplicaCount = (int)Math.Max(1, count.Result);
        }
        catch (Exception exception) when (exception is RedisException or TimeoutException)
        {
            LogPublishFailed(logger, exception.Message);
        }
    }

    private static byte[] Serialize(ReplicaReport report) =>
        JsonSerializer.SerializeToUtf8Bytes(report, GatewayJsonContext.Default.ReplicaReport);

    public override void Dispose()
    {
        _changed.Dispose();
        base.Dispose();
    }

    [LoggerMessage(EventId = 320, Level = LogLevel.Debug, Message = "Publishing this replica's report failed: {Reason}")]
    private static partial void LogPublishFailed(ILogger logger, string reason);

    [LoggerMessage(EventId = 321, Level = LogLevel.Warning, Message = "Reading the replica registry failed: {Reason}")]
    private static partial void LogReadFailed(ILogger logger, string reason);
}
