namespace FlexiAI.Tests.Infrastructure;

/// <summary>One server per test class (class fixture). Tests call <see cref="Require"/> first: skipped, with the reason, where the server cannot run.</summary>
public abstract class RedisServerFixture(RedisServerKind kind) : IAsyncLifetime
{
    private RedisServerProcess? _server;

    public RedisServerKind Kind { get; } = kind;

    public RedisServerProcess Server => _server ?? throw new InvalidOperationException(RedisServerProcess.Unavailable(Kind));

    /// <summary>Skips the calling test when this server kind is not available here.</summary>
    public RedisServerProcess Require()
    {
        if (_server is null)
        {
            Assert.Skip(RedisServerProcess.Unavailable(Kind) ?? $"{Kind} did not start");
        }
        return _server;
    }

    public async ValueTask InitializeAsync()
    {
        if (RedisServerProcess.Unavailable(Kind) is null)
        {
            _server = await RedisServerProcess.StartAsync(Kind, TestContext.Current.CancellationToken);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
        GC.SuppressFinalize(this);
    }
}

public sealed class RealRedisFixture() : RedisServerFixture(RedisServerKind.RedisServer);

public sealed class GarnetFixture() : RedisServerFixture(RedisServerKind.Garnet);
