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
public sealed class ReplicaRegistry(
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
    private readonly RedisAccess _redis = new(redis, time, logger);

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
        var read = await _redis.RunAsync("replica registry read", "replicas", (Index: (RedisKey)_setKey, Reports: _keyPrefix, Now: time.GetUtcNow().ToUnixTimeMilliseconds()),
            static async (database, registry) =>
            {
                var members = await database.SortedSetRangeByScoreAsync(registry.Index, registry.Now).ConfigureAwait(false);
                return members.Length == 0 ? [] : await database.StringGetAsync([.. members.Select(m => (RedisKey)(registry.Reports + m))]).ConfigureAwait(false);
            }, ReadTimeout);
        if (read is { Answered: true, Value.Length: > 0 })
        {
            return ([.. read.Value.Where(v => !v.IsNull).Select(v => (byte[])v!)], true);
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
        if (!_redis.IsConnected)
        {
            return;
        }
        var report = Current();
        var publication = (Report: report, Bytes: Serialize(report), Index: (RedisKey)_setKey, Key: (RedisKey)(_keyPrefix + report.ReplicaId),
            Now: time.GetUtcNow().ToUnixTimeMilliseconds(), Ttl: options.Value.Redis.StateTtl);
        // Every second: a failure is logged at Debug (the registry is for the web UI's breaker board).
        var published = await _redis.RunAsync("replica registry publication", report.ReplicaId, publication, static async (database, p) =>
        {
            var batch = database.CreateBatch();
            var set = batch.StringSetAsync(p.Key, p.Bytes, Expiry);
            var add = batch.SortedSetAddAsync(p.Index, p.Report.ReplicaId, p.Now + (long)Expiry.TotalMilliseconds);
            var trim = batch.SortedSetRemoveRangeByScoreAsync(p.Index, double.NegativeInfinity, p.Now, Exclude.Stop);
            var count = batch.SortedSetLengthAsync(p.Index);
            var expire = batch.KeyExpireAsync(p.Index, p.Ttl);
            batch.Execute();
            await Task.WhenAll(set, add, trim, count, expire).ConfigureAwait(false);
            return await count.ConfigureAwait(false);
        }, ReadTimeout, quiet: true);
        if (published.Answered)
        {
            LastKnownReplicaCount = (int)Math.Max(1, published.Value);
        }
    }

    private static byte[] Serialize(ReplicaReport report) =>
        JsonSerializer.SerializeToUtf8Bytes(report, GatewayJsonContext.Default.ReplicaReport);

    public override void Dispose()
    {
        _changed.Dispose();
        base.Dispose();
    }
}
