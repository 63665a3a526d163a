using FlexiAI.Tests.Infrastructure;

namespace FlexiAI.Tests.Gateway;

/// <summary>
/// <see cref="GatewayFixture"/> with its breakers in a real Redis server (redis-server where installed, else the embedded
/// Garnet server), context windows on the simulated providers and routes for both protocols:
/// <c>default</c> = sim-openai (8192 tokens), sim-anthropic (200000), dead; <c>anthropic-first</c> = sim-anthropic, sim-openai;
/// <c>content-failover</c> and <c>content-failover-anthropic</c> the same two orders with <c>ContentPolicyFailover</c>.
/// </summary>
public sealed class FaultClassificationFixture : GatewayFixture, IAsyncLifetime
{
    public const string AnthropicFirst = "anthropic-first";
    public const string ContentFailover = "content-failover";
    public const string ContentFailoverAnthropic = "content-failover-anthropic";
    public static readonly TimeSpan AuthRecoveryTimeout = TimeSpan.FromMinutes(10);

    private RedisServerProcess? _redis;

    protected override IEnumerable<string> ExtraArguments =>
    [
        "--ConnectionStrings:cache=" + (_redis ?? throw new InvalidOperationException("Redis has not started.")).ConnectionString,
        "--FlexiAI:Providers:0:ContextWindow=8192",
        "--FlexiAI:Providers:1:ContextWindow=200000",
        $"--FlexiAI:Routes:{AnthropicFirst}:0={AnthropicProvider}", $"--FlexiAI:Routes:{AnthropicFirst}:1={OpenAIProvider}",
        $"--FlexiAI:Routes:{ContentFailover}:0={OpenAIProvider}", $"--FlexiAI:Routes:{ContentFailover}:1={AnthropicProvider}",
        $"--FlexiAI:Routes:{ContentFailoverAnthropic}:0={AnthropicProvider}", $"--FlexiAI:Routes:{ContentFailoverAnthropic}:1={OpenAIProvider}",
        $"--FlexiAI:ContentPolicyFailover:{ContentFailover}=true",
        $"--FlexiAI:ContentPolicyFailover:{ContentFailoverAnthropic}=true",
        "--FlexiAI:CircuitBreaker:AuthFailureRecoveryTimeout=" + AuthRecoveryTimeout,
        // No test here is about timeouts: a cold first call on a busy CI machine must not turn a 401 into a timeout.
        "--FlexiAI:Providers:0:Timeout=00:00:10",
        "--FlexiAI:Providers:1:Timeout=00:00:10",
    ];

    async ValueTask IAsyncLifetime.InitializeAsync()
    {
        var kind = RedisServerProcess.Unavailable(RedisServerKind.RedisServer) is null ? RedisServerKind.RedisServer : RedisServerKind.Garnet;
        _redis = await RedisServerProcess.StartAsync(kind, TestContext.Current.CancellationToken);
        await InitializeAsync();
    }

    async ValueTask IAsyncDisposable.DisposeAsync()
    {
        await DisposeAsync();
        if (_redis is not null)
        {
            await _redis.DisposeAsync();
        }
    }
}
