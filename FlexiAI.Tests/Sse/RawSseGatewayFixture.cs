using FlexiAI.Tests.Gateway;
using FlexiAI.Tests.Infrastructure;

namespace FlexiAI.Tests.Sse;

/// <summary>
/// <see cref="GatewayFixture"/> plus provider <c>raw</c> (a <see cref="RawSseProvider"/>) and route <c>raw-first</c>:
/// <c>raw</c>, then <c>sim-openai</c>. Provider events are capped at <see cref="MaxEventBytes"/>.
/// </summary>
public sealed class RawSseGatewayFixture : GatewayFixture, IAsyncLifetime
{
    public const string RawProvider = "raw";
    public const int MaxEventBytes = 4096;

    public RawSseProvider Raw { get; } = new();

    protected override IEnumerable<string> ExtraArguments =>
    [
        .. GatewayArguments.Provider(3, RawProvider, "OpenAI", "raw-model", 50, Raw.Endpoint, AttemptTimeout),
        "--FlexiAI:Routes:raw-first:0=" + RawProvider,
        "--FlexiAI:Routes:raw-first:1=" + OpenAIProvider,
        "--FlexiAI:Limits:MaxStreamEventBytes=" + MaxEventBytes,
    ];

    /// <summary>As <see cref="GatewayFixture.ResetAsync"/>, and <c>raw</c>'s breaker closed too.</summary>
    public new async Task ResetAsync(CancellationToken cancellationToken)
    {
        await base.ResetAsync(cancellationToken);
        using var response = await Client.PostAsync($"providers/{RawProvider}/reset", null, cancellationToken);
        response.EnsureSuccessStatusCode();
    }

    async ValueTask IAsyncLifetime.InitializeAsync()
    {
        await Raw.StartAsync(TestContext.Current.CancellationToken);
        await InitializeAsync();
    }

    async ValueTask IAsyncDisposable.DisposeAsync()
    {
        await DisposeAsync();
        await Raw.DisposeAsync();
    }
}
